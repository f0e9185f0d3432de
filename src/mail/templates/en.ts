/** English mail texts. `{name}` placeholders are filled by the renderer (values HTML-escaped in the HTML part). */
export const en = {
  greeting: 'Hello {name},',
  signature: 'Plenary',
  eventDates: '{title}, {from} – {to}',
  openEvent: 'Open the event: {url}',
  calendarAttached: 'The event is attached as a calendar file (.ics).',
  'registration-confirmed.subject': 'You are registered: {event}',
  'registration-confirmed.body': 'Your registration for {event} is confirmed.',
  'registration-waitlisted.subject': 'You are on the waitlist: {event}',
  'registration-waitlisted.body':
    '{event} is full, so you are on the waitlist. We will write again when a seat becomes free for you.',
  'registration-approved.subject': 'Your registration was approved: {event}',
  'registration-approved.body.confirmed':
    'The organizers approved your registration for {event}. You have a seat.',
  'registration-approved.body.waitlisted':
    'The organizers approved your registration for {event}. The event is full, so you are on the waitlist.',
  'registration-rejected.subject': 'Your registration was declined: {event}',
  'registration-rejected.body': 'The organizers declined your registration for {event}.',
  'registration-promoted.subject': 'A seat is free for you: {event}',
  'registration-promoted.body':
    'Good news: a seat became free and your registration for {event} is now confirmed.',
  'password-reset.subject': 'Reset your Plenary password',
  'password-reset.body':
    'Someone (we hope you) asked to reset the password of your Plenary account. The link works once, for one hour:',
  'password-reset.ignore': 'If you did not ask for this, ignore this mail: your password stays as it is.',
  'programme-changes.subject': 'Programme changes: {count} of your sessions',
  'programme-changes.body': 'These sessions you bookmarked or hold a seat in have changed:',
  'change.moved': 'moved',
  'change.room-changed': 'room changed',
  'change.updated': 'updated',
  'change.cancelled': 'cancelled',
  'session-reminder.subject': 'Starts in 15 minutes: {session}',
  'session-reminder.body': '{session} ({event}) starts at {time}.',
  'session-reminder.join': 'Join the session: {url}',
  unsubscribe: 'Turn off these reminders: {url}',
} as const;

export type MailTextKey = keyof typeof en;
