import { dataSourceOf, grantStaff, makeEvent, makeRoom } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';

/**
 * Sessions on PostgreSQL with two application nodes on one database: the in-process write queue cannot see
 * the other node, so only the lock on the event row keeps two overlapping writes from both passing.
 */
describe('Sessions on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_sessions');
    drop = scratch.drop;
    nodeA = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
    await dataSourceOf(nodeA).runMigrations({ transaction: 'each' });
    nodeB = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await drop?.();
  });

  it('should let exactly one of many overlapping writes through across two nodes', async () => {
    const organizer = await registerUser(nodeA);
    const event = await makeEvent(nodeA);
    await grantStaff(nodeA, event.id, organizer.id, 'organizer');
    const room = await makeRoom(nodeA, event.id);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        (n % 2 === 0 ? nodeA : nodeB).http
          .post(`/api/events/${event.slug}/sessions`)
          .set(organizer.auth)
          .send({
            title: `Race ${n}`,
            kind: 'talk',
            startsAt: `2030-11-20T09:${String(n).padStart(2, '0')}:00+08:00`,
            endsAt: '2030-11-20T10:00:00+08:00',
            roomId: room.id,
          }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
  });

  it('should serve the agenda and the change log from PostgreSQL with the same results as SQLite', async () => {
    const organizer = await registerUser(nodeA);
    const event = await makeEvent(nodeA, {
      timezone: 'Europe/Berlin',
      startsOn: '2030-03-30',
      endsOn: '2030-03-31',
    });
    await grantStaff(nodeA, event.id, organizer.id, 'organizer');
    const room = await makeRoom(nodeA, event.id);
    const created = await nodeA.http
      .post(`/api/events/${event.slug}/sessions`)
      .set(organizer.auth)
      .send({
        title: 'Sunday',
        kind: 'talk',
        startsAt: '2030-03-31T09:00:00+02:00',
        endsAt: '2030-03-31T10:00:00+02:00',
        roomId: room.id,
      })
      .expect(201);
    const first = await nodeB.http.get(`/api/events/${event.slug}/agenda`).expect(200);
    expect(first.body.days).toEqual([
      { date: '2030-03-31', sessions: [expect.objectContaining({ startsAt: '2030-03-31T09:00:00+02:00' })] },
    ]);
    // A change made on node A is visible on node B at once (no per-node cache on PostgreSQL).
    await nodeA.http
      .patch(`/api/events/${event.slug}/sessions/${created.body.id}`)
      .set(organizer.auth)
      .send({ startsAt: '2030-03-30T09:00:00+01:00', endsAt: '2030-03-30T10:00:00+01:00' })
      .expect(200);
    const second = await nodeB.http.get(`/api/events/${event.slug}/agenda`).expect(200);
    expect(second.body.days.map((day: { date: string }) => day.date)).toEqual(['2030-03-30']);
    const changes = await nodeB.http.get(`/api/events/${event.slug}/changes`).expect(200);
    expect(changes.body.items.map((item: { kind: string }) => item.kind)).toEqual(['moved', 'added']);
  });
});
