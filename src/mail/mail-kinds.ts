/** What a mail is about, and the facts stored for it. */
export interface EventFacts {
  slug: string;
  title: string;
  timezone: string;
  startsOn: string;
  endsOn: string;
}

export interface SessionFacts {
  eventSlug: string;
  eventTitle: string;
  /** The event's zone, used when the recipient chose none. */
  eventTimezone: string;
  sessionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export interface ProgrammeChangeFacts extends SessionFacts {
  kind: string;
  summary: string;
}

export interface MailParams {
  'registration-confirmed': { event: EventFacts };
  'registration-waitlisted': { event: EventFacts };
  'registration-approved': { event: EventFacts; status: string };
  'registration-rejected': { event: EventFacts };
  'registration-promoted': { event: EventFacts };
  'password-reset': { token: string };
  'programme-changes': { changes: ProgrammeChangeFacts[] };
  'session-reminder': { session: SessionFacts };
}

export type MailKind = keyof MailParams;

export const MAIL_KINDS: readonly MailKind[] = [
  'registration-confirmed',
  'registration-waitlisted',
  'registration-approved',
  'registration-rejected',
  'registration-promoted',
  'password-reset',
  'programme-changes',
  'session-reminder',
];

/** Mails with the event attached as an `.ics` file. */
export const REGISTRATION_KINDS = new Set<MailKind>([
  'registration-confirmed',
  'registration-waitlisted',
  'registration-approved',
  'registration-rejected',
  'registration-promoted',
]);
