import { EntityManager } from 'typeorm';

// The SQL the recorder writes besides its visits. Apart from analytics.queries.ts, which imports the
// recorder's constants: one file for both would make the two import each other.

/** Sessions per multi-row statement (well under SQLite's bound-parameter limit). */
const IN_LIST_CHUNK = 500;

/** Raises the attendance version of each session, inside the transaction that writes its visits. */
export async function raiseVisitStamps(manager: EntityManager, sessionIds: readonly string[]): Promise<void> {
  const ids = [...new Set(sessionIds)].sort();
  for (let start = 0; start < ids.length; start += IN_LIST_CHUNK) {
    const chunk = ids.slice(start, start + IN_LIST_CHUNK);
    const parameters = Object.fromEntries(chunk.map((id, index) => [`s${index}`, id]));
    const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
      `INSERT INTO attendance_stamps ("sessionId", "version")
       VALUES ${chunk.map((_, index) => `(:s${index}, 1)`).join(', ')}
       ON CONFLICT ("sessionId") DO UPDATE SET "version" = attendance_stamps."version" + 1`,
      parameters,
    );
    await manager.query(sql, values);
  }
}
