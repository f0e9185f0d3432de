import type { EntityManager } from 'typeorm';

/** The session a production overlay shows: the one marked live in the room, else the one scheduled now. */
export async function findLiveSessionOfRoom(
  db: EntityManager,
  roomId: string,
  now: string,
): Promise<{ id: string; title: string } | null> {
  const row = await db
    .createQueryBuilder()
    .select(['s."id" AS "id"', 's."title" AS "title"'])
    .from('agenda_sessions', 's')
    .where(`s."roomId" = :roomId AND s."status" = 'scheduled'`, { roomId })
    .andWhere(
      `(s."liveStatus" = 'live' OR (s."liveStatus" = 'upcoming' AND s."startsAt" <= :now AND s."endsAt" > :now))`,
      { now },
    )
    .orderBy(`CASE WHEN s."liveStatus" = 'live' THEN 0 ELSE 1 END`, 'ASC')
    .addOrderBy('s."startsAt"', 'DESC')
    .limit(1)
    .getRawOne<{ id: string; title: string }>();
  return row ?? null;
}

export interface PinnedQuestionRow {
  id: string;
  text: string;
  authorName: string;
  anonymous: boolean;
  status: string;
}

/** Pinned questions of a session, newest change first (the caller keeps the ones attendees may see). */
export async function findPinnedQuestions(
  db: EntityManager,
  sessionId: string,
): Promise<PinnedQuestionRow[]> {
  const rows = await db
    .createQueryBuilder()
    .select([
      'q."id" AS "id"',
      'q."text" AS "text"',
      'q."authorName" AS "authorName"',
      'q."anonymous" AS "anonymous"',
      'q."status" AS "status"',
    ])
    .from('questions', 'q')
    .where('q."sessionId" = :sessionId AND q."pinned" = :pinned', { sessionId, pinned: true })
    .orderBy('q."updatedAt"', 'DESC')
    .limit(20)
    .getRawMany<Omit<PinnedQuestionRow, 'anonymous'> & { anonymous: unknown }>();
  return rows.map((row) => ({ ...row, anonymous: row.anonymous === true || row.anonymous === 1 }));
}
