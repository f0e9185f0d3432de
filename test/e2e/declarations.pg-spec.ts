import { dataSourceOf, grantStaff, makeEvent } from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { createScratchDatabase } from '../utils/postgres';

/** Declarations on PostgreSQL with two application nodes on one database. */
describe('Declarations on PostgreSQL, two nodes (e2e)', () => {
  let nodeA: TestApp;
  let nodeB: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_declarations');
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

  it('should let one of two simultaneous endorsements of one organisation through, and count it', async () => {
    const organizer = await registerUser(nodeA);
    const event = await makeEvent(nodeA);
    await grantStaff(nodeA, event.id, organizer.id, 'organizer');
    const base = `/api/events/${event.slug}/declarations`;
    const { body: declaration } = await nodeA.http
      .post(base)
      .set(organizer.auth)
      .send({ title: 'Joint Initiative', texts: { zh: '我们同意。', en: 'We agree.' } })
      .expect(201);
    await nodeB.http.post(`${base}/${declaration.id}/publish`).set(organizer.auth).expect(200);
    const [first, second] = [await registerUser(nodeA), await registerUser(nodeB)];
    const { body: organization } = await nodeA.http
      .post('/api/organizations')
      .set(first.auth)
      .send({ name: 'Race Institute', country: 'Kenya' })
      .expect(201);
    const body = { organizationId: organization.id, representative: { name: 'A', position: 'B' } };
    const responses = await Promise.all([
      nodeA.http.post(`${base}/${declaration.id}/endorsements`).set(first.auth).send(body),
      nodeB.http.post(`${base}/${declaration.id}/endorsements`).set(second.auth).send(body),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(responses.find((response) => response.status === 409)!.body.code).toBe('ALREADY_EXISTS');
    const created = responses.find((response) => response.status === 201)!.body;

    await nodeB.http
      .post(`${base}/${declaration.id}/endorsements/${created.id}/verify`)
      .set(organizer.auth)
      .expect(200);
    const list = await nodeA.http.get(base).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: declaration.id, status: 'open', endorsements: 1 }),
    ]);
    const all = await nodeA.http
      .get(`${base}/${declaration.id}/endorsements?status=all&q=race`)
      .set(organizer.auth)
      .expect(200);
    expect(all.body).toMatchObject({ total: 1, items: [{ id: created.id, status: 'verified' }] });
    const csv = await nodeB.http.get(`${base}/${declaration.id}/endorsements?format=csv`).expect(200);
    expect(csv.text).toContain('Race Institute,,Kenya,A,B');
  });
});
