import { EntityManager, In } from 'typeorm';

import { Event } from '../events/event.entity';
import { EventFacts } from '../mail/mail-kinds';
import { queueMail } from '../mail/mail-queue';
import { Registration } from './registration.entity';

export type RegistrationMailKind =
  | 'registration-confirmed'
  | 'registration-waitlisted'
  | 'registration-approved'
  | 'registration-rejected'
  | 'registration-promoted';

export interface RegistrationMail {
  kind: RegistrationMailKind;
  registration: Registration;
}

/** The mail a new registration gets: confirmed or waitlisted (a pending one waits for the organizers). */
export function mailForNewRegistration(registration: Registration): RegistrationMailKind | null {
  switch (registration.status) {
    case 'confirmed':
      return 'registration-confirmed';
    case 'waitlisted':
      return 'registration-waitlisted';
    case 'pending':
    case 'rejected':
    case 'cancelled':
      return null;
  }
}

/** Queues the mails of a registration transaction, inside it (they are sent only if it commits). */
export async function queueRegistrationMails(
  manager: EntityManager,
  mails: RegistrationMail[],
): Promise<void> {
  if (mails.length === 0) {
    return;
  }
  const eventIds = [...new Set(mails.map((mail) => mail.registration.eventId))];
  const events = new Map(
    (await manager.getRepository(Event).findBy({ id: In(eventIds) })).map((event) => [event.id, event]),
  );
  for (const { kind, registration } of mails) {
    const event = events.get(registration.eventId);
    if (!event) {
      continue;
    }
    const facts: EventFacts = {
      slug: event.slug,
      title: event.title,
      timezone: event.timezone,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
    };
    if (kind === 'registration-approved') {
      await queueMail(manager, kind, registration.userId, { event: facts, status: registration.status });
    } else {
      await queueMail(manager, kind, registration.userId, { event: facts });
    }
  }
}
