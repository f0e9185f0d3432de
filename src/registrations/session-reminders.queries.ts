// The reminder scan's SQL (TypeORM raw query), kept beside the other *.queries.ts files.

export interface DueReminder {
  userId: string;
  sessionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  eventSlug: string;
  eventTitle: string;
  eventTimezone: string;
}

// Bookmarked or seated (a confirmed seat) sessions of published events starting within the lead time, for
// people who did not turn reminders off. A UNION, not OR, so each branch uses its own index.
export const DUE_SQL = (window: string) => `
  SELECT x."userId", s."id" AS "sessionId", s."title", s."startsAt", s."endsAt",
         e."slug" AS "eventSlug", e."title" AS "eventTitle", e."timezone" AS "eventTimezone"
  FROM (
    SELECT b."userId", b."sessionId" FROM session_bookmarks b
    UNION
    SELECT st."userId", st."sessionId" FROM session_seats st WHERE st."status" = 'confirmed'
  ) x
  JOIN agenda_sessions s ON s."id" = x."sessionId"
  JOIN events e ON e."id" = s."eventId"
  LEFT JOIN account_settings a ON a."userId" = x."userId"
  WHERE ${window} AND s."status" <> 'cancelled' AND e."status" = 'published'
    AND (a."reminders" IS NULL OR a."reminders" = :on)`;
