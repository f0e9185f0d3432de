import type { EntityManager } from 'typeorm';

import { newId } from '../common/ids';
import { DeclarationEndorsement } from '../declarations/declaration-endorsement.entity';
import { declarationDigest } from '../declarations/declaration-digest';
import { Declaration } from '../declarations/declaration.entity';

/**
 * The Joint Initiative of the demo, as a declaration. The real text is not reproduced: this is a summary
 * that says so, and states only the aims the meeting announced (to meet the challenges facing international
 * cooperation mechanisms; to promote the recovery and sustainable development of the global economy).
 * The two endorsements are those of the launchers, SiLKS and the DRC, recorded in the names of the
 * organisations, not of any person.
 */
export const SILKS_JOINT_INITIATIVE = {
  title: 'SiLKS Joint Initiative (summary)',
  texts: {
    en:
      'This is a short summary of the Joint Initiative launched by the Silk Road Think Tank Network (SiLKS) and ' +
      'the Development Research Center of the State Council (DRC) at the SiLKS Online Annual Meeting 2020. ' +
      'It is not the full text of the Initiative.\n\n' +
      'The Initiative calls on member and partner think tanks to work together to meet the challenges facing ' +
      'international cooperation mechanisms, and to promote the recovery and sustainable development of the ' +
      'global economy.',
    zh:
      '本文是丝路国际智库网络（SiLKS）与国务院发展研究中心在丝路国际智库网络2020年线上年会上共同发起的' +
      '联合倡议的简要概述，并非倡议全文。\n\n' +
      '倡议呼吁成员及伙伴智库携手应对国际合作机制面临的挑战，推动世界经济复苏与可持续发展。',
  },
  /** Keys of SILKS_2020.organizations. */
  launchers: [
    { organization: 'silks', representative: 'SiLKS Secretariat' },
    { organization: 'drc', representative: 'Development Research Center of the State Council' },
  ],
  position: 'Co-launcher of the Joint Initiative',
} as const;

/** Publishes the summary and records the launchers' endorsements as verified (inside the demo's transaction). */
export async function seedJointInitiative(
  manager: EntityManager,
  eventId: string,
  organizerId: string,
  organizationIds: Map<string, string>,
  now: string,
): Promise<void> {
  const data = SILKS_JOINT_INITIATIVE;
  const texts = Object.fromEntries(
    Object.entries(data.texts).map(([lang, text]) => [lang, text.normalize('NFC')]),
  );
  const declaration: Declaration = {
    id: newId(),
    eventId,
    title: data.title,
    texts,
    digest: declarationDigest(texts),
    status: 'open',
    closesAt: null,
    publishedAt: now,
    createdById: organizerId,
    createdAt: now,
    updatedAt: now,
  };
  await manager.insert(Declaration, declaration);
  for (const launcher of data.launchers) {
    const organizationId = organizationIds.get(launcher.organization)!;
    await manager.insert(DeclarationEndorsement, {
      id: newId(),
      declarationId: declaration.id,
      eventId,
      organizationId,
      activeOrganizationId: organizationId,
      endorserId: organizerId,
      representativeName: launcher.representative,
      representativePosition: data.position,
      statement: null,
      status: 'verified',
      digest: declaration.digest!,
      rejectionReason: null,
      verifiedAt: now,
      rejectedAt: null,
      withdrawnAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies DeclarationEndorsement);
  }
}
