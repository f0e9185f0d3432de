import { TokenService } from '../../src/auth/token.service';
import { User } from '../../src/auth/user.entity';
import { newId } from '../../src/common/ids';
import { Registration } from '../../src/registrations/registration.entity';
import { dataSourceOf, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';

/**
 * The parallel-registration race on PostgreSQL, where transactions really run side by side on a pool of
 * connections (SQLite has one connection and serialises them anyway).
 */
describe('Registration races on PostgreSQL (e2e)', () => {
  let t: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_registrations');
    drop = scratch.drop;
    t = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
    await dataSourceOf(t).runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await t?.close();
    await drop?.();
  });

  async function attendees(count: number): Promise<{ id: string; auth: { Authorization: string } }[]> {
    const tokens = t.app.get(TokenService);
    const rows: User[] = Array.from({ length: count }, () => {
      const id = newId();
      const email = `racer-${id.slice(0, 8)}@example.test`;
      return {
        id,
        email,
        emailKey: email,
        name: `Racer ${id.slice(0, 4)}`,
        passwordHash: 'x',
        createdAt: new Date().toISOString(),
      };
    });
    await dataSourceOf(t).getRepository(User).insert(rows);
    return rows.map((row) => ({
      id: row.id,
      auth: { Authorization: `Bearer ${tokens.issue({ id: row.id, email: row.email, name: row.name })}` },
    }));
  }

  it('should confirm exactly the capacity and number the waitlist 1..n when 40 register at once', async () => {
    const event = await makeEvent(t, { registrationCapacity: 10 });
    const racers = await attendees(40);
    const responses = await Promise.all(
      racers.map((racer) => t.http.post(`/api/events/${event.slug}/registrations`).set(racer.auth).send({})),
    );
    expect(responses.map((response) => response.status)).toEqual(racers.map(() => 201));
    const statuses = responses.map((response) => response.body.status as string);
    expect(statuses.filter((status) => status === 'confirmed')).toHaveLength(10);
    const positions = responses
      .filter((response) => response.body.status === 'waitlisted')
      .map((response) => response.body.position as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const stored = await dataSourceOf(t).getRepository(Registration).findBy({ eventId: event.id });
    expect(new Set(stored.map((row) => row.queueNumber)).size).toBe(40);
  });

  it('should give out exactly the seats of a session when 30 confirmed attendees reserve at once', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id, { capacity: 5, kind: 'workshop' });
    const racers = await attendees(30);
    for (const racer of racers) {
      await makeRegistration(t, event.id, racer.id, 'confirmed');
    }
    const responses = await Promise.all(
      racers.map((racer) =>
        t.http.post(`/api/events/${event.slug}/sessions/${session.id}/seat`).set(racer.auth),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(racers.map(() => 201));
    expect(responses.filter((response) => response.body.status === 'confirmed')).toHaveLength(5);
    const positions = responses
      .filter((response) => response.body.status === 'waitlisted')
      .map((response) => response.body.position as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});
