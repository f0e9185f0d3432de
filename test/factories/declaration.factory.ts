import { newId } from '../../src/common/ids';
import { DeclarationEndorsement } from '../../src/declarations/declaration-endorsement.entity';
import { declarationDigest } from '../../src/declarations/declaration-digest';
import { Declaration } from '../../src/declarations/declaration.entity';
import type { TestApp } from '../utils/create-test-app';
import { dataSourceOf } from './event.factory';

const now = (): string => new Date().toISOString();

/** A declaration written straight to the database: a draft, or open with its digest. */
export async function makeDeclaration(
  t: TestApp,
  eventId: string,
  status: Declaration['status'] = 'open',
): Promise<Declaration> {
  const texts = { en: 'We endorse this text.', zh: '我们联署本文本。' };
  const declaration: Declaration = {
    id: newId(),
    eventId,
    title: 'Test declaration',
    texts,
    digest: status === 'draft' ? null : declarationDigest(texts),
    status,
    closesAt: null,
    publishedAt: status === 'draft' ? null : now(),
    createdById: null,
    createdAt: now(),
    updatedAt: now(),
  };
  await dataSourceOf(t).getRepository(Declaration).insert(declaration);
  return declaration;
}

/** A pending endorsement of `organizationId` submitted by `endorserId`. */
export async function makeEndorsement(
  t: TestApp,
  declaration: Declaration,
  organizationId: string,
  endorserId: string,
): Promise<DeclarationEndorsement> {
  const endorsement: DeclarationEndorsement = {
    id: newId(),
    declarationId: declaration.id,
    eventId: declaration.eventId,
    organizationId,
    activeOrganizationId: organizationId,
    endorserId,
    representativeName: 'Representative',
    representativePosition: 'Director',
    statement: null,
    status: 'pending',
    digest: declaration.digest ?? '',
    rejectionReason: null,
    verifiedAt: null,
    rejectedAt: null,
    withdrawnAt: null,
    createdAt: now(),
    updatedAt: now(),
  };
  await dataSourceOf(t).getRepository(DeclarationEndorsement).insert(endorsement);
  return endorsement;
}
