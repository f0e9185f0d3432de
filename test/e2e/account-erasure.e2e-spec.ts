import { randomUUID } from 'node:crypto';

import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import { Certificate } from '../../src/certificates/certificate.entity';
import { newId } from '../../src/common/ids';
import { DeclarationEndorsement } from '../../src/declarations/declaration-endorsement.entity';
import { makeDeclaration, makeEndorsement } from '../factories/declaration.factory';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeSession,
} from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { connectLive, LiveClient, ok } from '../utils/socket-client';
import { makeWorld } from '../utils/world';

const PASSWORD = 'correct horse battery';

/**
 * The second-stage personal tables in `GET /me/export` and `DELETE /me`: poll votes and attendance stay
 * counted under random ids, certificates go, endorsements stay as the organisation's without the person's
 * name, staff acts lose their author; and afterwards no row anywhere names the account but its deletion's
 * audit entry.
 */
describe('Export and erasure of polls, attendance, certificates and endorsements (e2e)', () => {
  let t: TestApp;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  const join = async (user: TestUser, sessionId: string): Promise<LiveClient> => {
    const socket = await connectLive(t, user.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId });
    return socket;
  };

  /** Every table and text column of the SQLite schema in which `needle` occurs, as `table.column`. */
  const whereFound = async (needle: string): Promise<string[]> => {
    const ds = dataSourceOf(t);
    const tables = await ds.query<Array<{ name: string }>>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    );
    const found: string[] = [];
    for (const { name } of tables) {
      const columns = await ds.query<Array<{ name: string }>>(`PRAGMA table_info("${name}")`);
      for (const column of columns) {
        const rows = await ds.query<Array<{ n: number }>>(
          `SELECT COUNT(*) AS n FROM "${name}" WHERE CAST("${column.name}" AS TEXT) LIKE ?`,
          [`%${needle}%`],
        );
        if (Number(rows[0].n) > 0) {
          found.push(`${name}.${column.name}`);
        }
      }
    }
    return found;
  };

  it('should export the votes, visits, certificates and endorsements, and keep tallies true after erasure', async () => {
    const w = await makeWorld(t);
    const ds = dataSourceOf(t);
    const event = await makeEvent(t, { title: 'Erasure Meeting' });
    const session = await makeSession(t, event.id);
    const organizer = await registerUser(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const leaving = await registerUser(t, { name: 'Leaving Person' });
    const staying = await registerUser(t);
    await grantStaff(t, event.id, leaving.id, 'moderator');
    await makeRegistration(t, event.id, staying.id, 'confirmed');

    // A poll the leaving moderator created, and voted in with someone else.
    const pollsPath = `/api/events/${event.slug}/sessions/${session.id}/polls`;
    const poll = (
      await t.http
        .post(pollsPath)
        .set(leaving.auth)
        .send({ question: 'Where next?', kind: 'single', options: ['Almaty', 'Hanoi'], showResults: 'live' })
        .expect(201)
    ).body as { id: string };
    const leavingSocket = await join(leaving, session.id);
    const stayingSocket = await join(staying, session.id);
    await ok(leavingSocket, 'poll:open', { pollId: poll.id });
    await ok(leavingSocket, 'poll:vote', { pollId: poll.id, choices: [1], clientId: randomUUID() });
    await ok(stayingSocket, 'poll:vote', { pollId: poll.id, choices: [1], clientId: randomUUID() });
    await ok(leavingSocket, 'chat:send', {
      sessionId: session.id,
      text: 'Thanks all',
      clientId: randomUUID(),
    });
    await ok(leavingSocket, 'qa:ask', {
      sessionId: session.id,
      text: 'And next year?',
      clientId: randomUUID(),
    });
    await t.app.get(AttendanceRecorder).flush();

    await ds.getRepository(Certificate).insert({
      id: newId(),
      code: 'ERASE-0001',
      eventId: event.id,
      userId: leaving.id,
      name: 'Leaving Person',
      minutes: 45,
      sessions: [],
      issuedAt: new Date().toISOString(),
      revokedAt: null,
      revokedById: null,
    });
    const declaration = await makeDeclaration(t, event.id);
    const endorsement = await makeEndorsement(t, declaration, w.organization.id, leaving.id);
    await ds
      .getRepository(DeclarationEndorsement)
      .update(
        { id: endorsement.id },
        { representativeName: 'Leaving Person', representativePosition: 'Rector', status: 'verified' },
      );

    const exported = (await t.http.get('/api/me/export').set(leaving.auth).expect(200)).body;
    expect(exported.records.poll_votes).toEqual([
      expect.objectContaining({ pollId: poll.id, userId: leaving.id, choiceMask: 2 }),
    ]);
    expect(exported.records.poll_votes[0]).not.toHaveProperty('clientIds');
    expect(exported.records.attendance_visits).toEqual([
      expect.objectContaining({ sessionId: session.id, userId: leaving.id, startedAt: expect.any(String) }),
    ]);
    expect(exported.records.attendance_visits[0]).not.toHaveProperty('node');
    expect(exported.records.certificates).toEqual([
      expect.objectContaining({ code: 'ERASE-0001', eventId: event.id, name: 'Leaving Person', minutes: 45 }),
    ]);
    expect(exported.records.declaration_endorsements).toEqual([
      expect.objectContaining({
        id: endorsement.id,
        organizationId: w.organization.id,
        representativeName: 'Leaving Person',
        representativePosition: 'Rector',
      }),
    ]);

    const visitsBefore = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*) AS n FROM attendance_visits WHERE "sessionId" = ?`,
      [session.id],
    );
    // A visit begun just before the deletion, not yet written when it happens.
    const late = await makeSession(t, event.id, { title: 'Late session' });
    await ok(leavingSocket, 'session:join', { sessionId: late.id });
    const disconnected = new Promise<void>((resolve) => leavingSocket.once('disconnect', () => resolve()));
    await t.http.delete('/api/me').set(leaving.auth).send({ password: PASSWORD }).expect(204);
    await disconnected;
    // The disconnect ended the open visits: their writes must not bring the account id back.
    await t.app.get(AttendanceRecorder).flush();

    const results = await t.http.get(`${pollsPath}/${poll.id}/results`).set(organizer.auth).expect(200);
    expect(results.body).toMatchObject({ voters: 2 });
    expect(results.body.options.map((option: { votes: number }) => option.votes)).toEqual([0, 2]);
    const visitsAfter = await ds.query<Array<{ n: number; users: number }>>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT "userId") AS users FROM attendance_visits WHERE "sessionId" = ?`,
      [session.id],
    );
    expect(Number(visitsAfter[0].n)).toBe(Number(visitsBefore[0].n));
    expect(Number(visitsAfter[0].users)).toBe(2);

    expect(await ds.getRepository(Certificate).countBy({ code: 'ERASE-0001' })).toBe(0);
    expect(
      await ds.getRepository(DeclarationEndorsement).findOneByOrFail({ id: endorsement.id }),
    ).toMatchObject({
      organizationId: w.organization.id,
      status: 'verified',
      endorserId: null,
      representativeName: 'Former participant',
      representativePosition: '',
    });
    const list = await t.http
      .get(`/api/events/${event.slug}/declarations/${declaration.id}/endorsements`)
      .expect(200);
    expect(JSON.stringify(list.body)).toContain(w.organization.name);
    expect(JSON.stringify(list.body)).not.toContain('Leaving Person');

    // Only the audit log still holds the account id (its acts as staff, and its deletion); the name and
    // address are nowhere.
    expect(await whereFound(leaving.id)).toEqual(['audit_entries.actorId', 'audit_entries.targetId']);
    expect(await whereFound('Leaving Person')).toEqual([]);
    expect(await whereFound(leaving.email)).toEqual([]);
    stayingSocket.close();
  });
});
