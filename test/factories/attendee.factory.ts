// Attendees written straight to the database and the SiLKS registration questions, for the registration specs.
import { TokenService } from '../../src/auth/token.service';
import { User } from '../../src/auth/user.entity';
import { newId } from '../../src/common/ids';
import { RegistrationField } from '../../src/events/event.entity';
import { TestApp } from '../utils/create-test-app';
import { dataSourceOf } from './event.factory';

export interface Attendee {
  id: string;
  name: string;
  email: string;
  auth: { Authorization: string };
}

/** Accounts written straight to the database: dozens of sign-ups through the API would be slow. */
export async function makeAttendees(t: TestApp, count: number, names: string[] = []): Promise<Attendee[]> {
  const tokens = t.app.get(TokenService);
  const attendees: Attendee[] = [];
  const rows: User[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = newId();
    const email = `attendee-${id.slice(0, 8)}@example.test`;
    const name = names[i] ?? `Attendee ${id.slice(0, 6)}`;
    rows.push({ id, email, emailKey: email, name, passwordHash: 'x', createdAt: new Date().toISOString() });
    attendees.push({
      id,
      name,
      email,
      auth: { Authorization: `Bearer ${tokens.issue({ id, email, name })}` },
    });
  }
  await dataSourceOf(t).getRepository(User).insert(rows);
  return attendees;
}

export const SILKS_FIELDS: RegistrationField[] = [
  { key: 'country', label: 'Country', type: 'text', required: true },
  { key: 'organisation', label: 'Organisation', type: 'text', required: false },
  {
    key: 'position',
    label: 'Position',
    type: 'choice',
    options: ['Researcher', 'Official', 'Other'],
    required: true,
  },
  { key: 'topics', label: 'Topics', type: 'multi', options: ['Climate', 'Health', 'Data'], required: false },
  { key: 'consent', label: 'I agree to be listed', type: 'checkbox', required: true },
];

export const validAnswers = { country: 'China', position: 'Researcher', consent: true };
