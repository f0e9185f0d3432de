import { newId } from '../common/ids';
import { LiveOp, run } from '../realtime/live-db';

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
    `INSERT INTO audit_entries ("id", "eventId", "actorId", "action", "targetType", "targetId", "details", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
