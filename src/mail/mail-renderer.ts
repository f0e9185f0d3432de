import type { Locale } from '../auth/account-settings.entity';
import { addDays, zonedToUtcMs } from '../common/time/zoned-time';
import { renderCalendar } from '../exports/icalendar';
import { EventFacts, MailKind, MailParams, ProgrammeChangeFacts, SessionFacts } from './mail-kinds';
import { en, MailTextKey } from './templates/en';
import { ru } from './templates/ru';
import { zhCN } from './templates/zh-cn';

const TEXTS: Record<Locale, Record<MailTextKey, string>> = { en, 'zh-CN': zhCN, ru };

export interface Recipient {
  name: string;
  locale: Locale;
  /** The user's IANA zone; null uses each event's zone. */
  timezone: string | null;
}

export interface MailLinks {
  publicUrl: string;
  /** Reminders only: the one-click link that turns them off. */
  unsubscribeUrl?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: string; contentType: string }[];
}

/** One paragraph of a mail: text, or a link shown with a label. */
type Block = { text: string } | { label: string; url: string } | { items: string[] };

/** Renders a queued mail in the recipient's language, with times in their time zone. */
export function renderMail<K extends MailKind>(
  kind: K,
  params: MailParams[K],
  recipient: Recipient,
  links: MailLinks,
): RenderedMail {
  const texts = TEXTS[recipient.locale] ?? en;
  const t = (key: MailTextKey, values: Record<string, string | number> = {}): string =>
    texts[key].replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
  const when = (instant: string, eventZone: string): string =>
    formatInstant(instant, recipient.locale, recipient.timezone ?? eventZone);
  const sessionUrl = (facts: SessionFacts): string =>
    `${links.publicUrl}/events/${encodeURIComponent(facts.eventSlug)}/sessions/${encodeURIComponent(facts.sessionId)}`;
  const eventUrl = (event: EventFacts): string =>
    `${links.publicUrl}/events/${encodeURIComponent(event.slug)}`;

  let subject: string;
  const blocks: Block[] = [];
  const attachments: RenderedMail['attachments'] = [];
  const registrationMail = (event: EventFacts, body: string): void => {
    blocks.push(
      { text: body },
      { text: t('eventDates', { title: event.title, from: event.startsOn, to: event.endsOn }) },
      { label: t('openEvent', { url: '' }).trim(), url: eventUrl(event) },
      { text: t('calendarAttached') },
    );
    attachments.push({
      filename: `${event.slug}.ics`,
      content: eventCalendar(event, eventUrl(event)),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    });
  };

  // A plain MailKind (not the type parameter) narrows per case.
  const mailKind: MailKind = kind;
  switch (mailKind) {
    case 'registration-confirmed':
    case 'registration-waitlisted':
    case 'registration-rejected':
    case 'registration-promoted': {
      const { event } = params as MailParams['registration-confirmed'];
      subject = t(`${mailKind}.subject`, { event: event.title });
      registrationMail(event, t(`${mailKind}.body`, { event: event.title }));
      break;
    }
    case 'registration-approved': {
      const { event, status } = params as MailParams['registration-approved'];
      subject = t('registration-approved.subject', { event: event.title });
      const key =
        status === 'waitlisted'
          ? 'registration-approved.body.waitlisted'
          : 'registration-approved.body.confirmed';
      registrationMail(event, t(key, { event: event.title }));
      break;
    }
    case 'password-reset': {
      const { token } = params as MailParams['password-reset'];
      subject = t('password-reset.subject');
      blocks.push(
        { text: t('password-reset.body') },
        { label: '', url: `${links.publicUrl}/reset-password?token=${encodeURIComponent(token)}` },
        { text: t('password-reset.ignore') },
      );
      break;
    }
    case 'programme-changes': {
      const { changes } = params as MailParams['programme-changes'];
      const latest = latestPerSession(changes);
      subject = t('programme-changes.subject', { count: latest.length });
      blocks.push({ text: t('programme-changes.body') });
      blocks.push({
        items: latest.map(
          (change) =>
            `${change.title} (${change.eventTitle}) — ${changeLabel(t, change.kind)}: ` +
            `${when(change.startsAt, change.eventTimezone)}. ${change.summary} ${sessionUrl(change)}`,
        ),
      });
      break;
    }
    case 'session-reminder': {
      const { session } = params as MailParams['session-reminder'];
      subject = t('session-reminder.subject', { session: session.title });
      blocks.push(
        {
          text: t('session-reminder.body', {
            session: session.title,
            event: session.eventTitle,
            time: when(session.startsAt, session.eventTimezone),
          }),
        },
        { label: t('session-reminder.join', { url: '' }).trim(), url: sessionUrl(session) },
      );
      if (links.unsubscribeUrl) {
        blocks.push({ label: t('unsubscribe', { url: '' }).trim(), url: links.unsubscribeUrl });
      }
      break;
    }
  }

  const greeting = t('greeting', { name: recipient.name });
  return {
    subject,
    text: [greeting, ...blocks.map(blockText), t('signature')].join('\n\n') + '\n',
    html: renderHtml(recipient.locale, subject, greeting, blocks, t('signature')),
    attachments,
  };
}

function changeLabel(t: (key: MailTextKey) => string, kind: string): string {
  switch (kind) {
    case 'moved':
    case 'room-changed':
    case 'updated':
    case 'cancelled':
      return t(`change.${kind}`);
    default:
      return t('change.updated');
  }
}

/** Several changes of one session within a digest: the newest tells the current state. */
function latestPerSession(changes: ProgrammeChangeFacts[]): ProgrammeChangeFacts[] {
  const bySession = new Map<string, ProgrammeChangeFacts>();
  for (const change of changes) {
    bySession.delete(change.sessionId);
    bySession.set(change.sessionId, change);
  }
  return [...bySession.values()];
}

function blockText(block: Block): string {
  if ('items' in block) {
    return block.items.map((item) => `- ${item}`).join('\n');
  }
  if ('url' in block) {
    return block.label ? `${block.label} ${block.url}` : block.url;
  }
  return block.text;
}

function renderHtml(
  locale: Locale,
  subject: string,
  greeting: string,
  blocks: Block[],
  signature: string,
): string {
  const body = blocks
    .map((block) => {
      if ('items' in block) {
        return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      }
      if ('url' in block) {
        const url = escapeHtml(block.url);
        return `<p>${block.label ? `${escapeHtml(block.label)} ` : ''}<a href="${url}">${url}</a></p>`;
      }
      return `<p>${escapeHtml(block.text)}</p>`;
    })
    .join('\n');
  return (
    `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body>\n<p>${escapeHtml(greeting)}</p>\n${body}\n<p>${escapeHtml(signature)}</p>\n</body></html>\n`
  );
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** "Thursday, 19 November 2020, 09:00 GMT+8" in the locale's words. */
export function formatInstant(instant: string, locale: Locale, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(locale, {
      timeZone,
      dateStyle: 'full',
      timeStyle: 'short',
    }).format(new Date(instant)) + ` (${timeZone})`
  );
}

/** The whole event as one calendar entry from its first to its last day, in the event's zone. */
function eventCalendar(event: EventFacts, url: string): string {
  const startsAt = new Date(zonedToUtcMs(event.startsOn, '00:00', event.timezone)).toISOString();
  const endsAt = new Date(zonedToUtcMs(addDays(event.endsOn, 1), '00:00', event.timezone)).toISOString();
  return renderCalendar({
    name: event.title,
    timezone: event.timezone,
    entries: [
      {
        uid: `event-${event.slug}@plenary`,
        sequence: 0,
        status: 'CONFIRMED',
        startsAt,
        endsAt,
        timezone: event.timezone,
        summary: event.title,
        url,
        lastModified: startsAt,
      },
    ],
  });
}
