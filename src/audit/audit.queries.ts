import { newId } from '../common/ids';
import { LiveOp, run } from '../realtime/live-db';
import { liveRow } from '../realtime/live-rows';

const AUDIT_ENTRY_ROW = liveRow<{
  id: string;
  eventId: string | null;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string | null;
  createdAt: string;
}>('audit_entries', {
  id: 'text',
  eventId: 'text?',
  actorId: 'text?',
  action: 'text',
  targetType: 'text?',
  targetId: 'text?',
  details: 'text?',
  createdAt: 'text',
});

/**
 * Writes an `audit_entries` row (the table AuditService owns and `GET /events/:slug/audit` reads) inside a
 * live-room transaction, so a moderation action and its audit entry commit together or not at all. The
 * live room's writes run on LiveDb's group-commit path, which TypeORM's async transactions cannot join.
 */
export function* insertAuditEntry(entry: {
  eventId: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  now: string;
}): LiveOp<void> {
  yield* run(
    `INSERT INTO audit_entries (${AUDIT_ENTRY_ROW.list()}) VALUES (${AUDIT_ENTRY_ROW.values})`,
    newId(),
    entry.eventId,
    entry.actorId,
    entry.action,
    entry.targetType,
    entry.targetId,
    JSON.stringify(entry.details),
    entry.now,
  );
}
