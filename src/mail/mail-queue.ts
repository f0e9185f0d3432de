import { EntityManager } from 'typeorm';

import { newId } from '../common/ids';
import { nowIso } from '../common/time/zoned-time';
import { MailKind, MailParams, ProgrammeChangeFacts } from './mail-kinds';
import { MailOutboxEntry } from './mail-outbox.entity';

/**
 * Queues a mail inside the caller's transaction: it is sent only if the change commits, and a crash after the
 * commit cannot lose it. With `dedupeKey`, a second queueing of the same key is ignored.
 */
export async function queueMail<K extends MailKind>(
  manager: EntityManager,
  kind: K,
  userId: string,
  params: MailParams[K],
  options: { dedupeKey?: string; notBefore?: string } = {},
): Promise<void> {
  const now = nowIso();
  await manager
    .createQueryBuilder()
    .insert()
    .into(MailOutboxEntry)
    .values({
      id: newId(),
      kind,
      userId,
      params: JSON.stringify(params),
      dedupeKey: options.dedupeKey ?? null,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: options.notBefore ?? now,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      sentAt: null,
      createdAt: now,
    })
    .orIgnore()
    .execute();
}

/**
 * Adds programme changes to the person's open digest (one mail for every change within `batchMs` of the
 * first), or opens one. A digest a worker has started sending is closed: later changes open the next one.
 */
export async function queueProgrammeChanges(
  manager: EntityManager,
  userId: string,
  changes: ProgrammeChangeFacts[],
  batchMs: number,
): Promise<void> {
  const repository = manager.getRepository(MailOutboxEntry);
  const open = await repository.findOneBy({ dedupeKey: digestKey(userId) });
  if (open && open.status === 'queued' && open.leaseOwner === null) {
    const existing = (JSON.parse(open.params) as MailParams['programme-changes']).changes;
    const updated = await repository
      .createQueryBuilder()
      .update()
      .set({ params: JSON.stringify({ changes: [...existing, ...changes].slice(-50) }) })
      .where('id = :id AND "leaseOwner" IS NULL AND status = :queued', { id: open.id, queued: 'queued' })
      .execute();
    if (updated.affected === 1) {
      return;
    }
  }
  if (open) {
    // Sent or being sent: free the key for the next digest.
    await repository.update({ id: open.id }, { dedupeKey: null });
  }
  await queueMail(
    manager,
    'programme-changes',
    userId,
    { changes },
    {
      dedupeKey: digestKey(userId),
      notBefore: new Date(Date.now() + batchMs).toISOString(),
    },
  );
}

const digestKey = (userId: string): string => `programme-changes:${userId}`;
