import { randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { AttendanceVisit } from '../../src/analytics/attendance-visit.entity';
import { Certificate } from '../../src/certificates/certificate.entity';
import { newId } from '../../src/common/ids';
import { DeclarationEndorsement } from '../../src/declarations/declaration-endorsement.entity';
import { MailOutboxEntry } from '../../src/mail/mail-outbox.entity';
import { Organization } from '../../src/organizations/organization.entity';
import { makeDeclaration, makeEndorsement } from '../factories/declaration.factory';
import {
  dataSourceOf,
  grantStaff,
  makeEvent,
  makeRegistration,
  makeRoom,
  makeSession,
} from '../factories/event.factory';
import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { createScratchDatabase } from '../utils/postgres';
import { command, connectLive, LiveClient, ok } from '../utils/socket-client';
import { makeUser } from '../utils/world';

const now = (): string => new Date().toISOString();

/** An open single-choice poll, written with the query builder (the world's helper speaks SQLite only). */
async function insertOpenPoll(
  t: TestApp,
  session: { id: string; eventId: string },
  createdById: string | null,
): Promise<string> {
  const id = newId();
  await dataSourceOf(t)
    .createQueryBuilder()
    .insert()
    .into('polls')
    .values({
      id,
      sessionId: session.id,
      eventId: session.eventId,
      question: 'Where next?',
      kind: 'single',
      options: '["Almaty","Hanoi"]',
      anonymous: true,
      showResults: 'live',
      status: 'open',
      createdById,
      openedAt: now(),
      createdAt: now(),
      updatedAt: now(),
    })
    .execute();
  return id;
}

/**
 * The same erasure and programme-change mail rules on PostgreSQL, whose SQL and foreign keys differ: the
 * dropped key on `poll_votes`, the anonymising UPDATEs, and mails queued in the programme change's own
 * transaction.
 */
describe('Account erasure and programme change mails on PostgreSQL (e2e)', () => {
  let t: TestApp;
  let url: string;
  let drop: () => Promise<void>;
  const sockets: LiveClient[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase('plenary_erasure');
    drop = scratch.drop;
    url = scratch.url;
    t = await createTestApp({ DATABASE_URL: scratch.url, RATE_LIMITS: 'off', MAIL_BATCH_MS: '600000' });
    await dataSourceOf(t).runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
    await drop?.();
  });

  it('should queue a programme change mail with the change, before the response', async () => {
    const organizer = await registerUser(t);
    const event = await makeEvent(t);
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id);
    const session = await makeSession(t, event.id, { roomId: room.id });
    const reader = await registerUser(t);
    await t.http
      .put(`/api/events/${event.slug}/sessions/${session.id}/bookmark`)
      .set(reader.auth)
      .expect(204);
    await t.http
      .patch(`/api/events/${event.slug}/sessions/${session.id}`)
      .set(organizer.auth)
      .send({ title: 'Moved on PostgreSQL' })
      .expect(200);
    const mails = await dataSourceOf(t)
      .getRepository(MailOutboxEntry)
      .findBy({ userId: reader.id, kind: 'programme-changes' });
    expect(mails).toHaveLength(1);
  });

  it('should keep votes, visits and endorsements without the person and delete the certificate', async () => {
    const ds = dataSourceOf(t);
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const leaving = await registerUser(t, { name: 'Leaving Person' });
    const pollId = await insertOpenPoll(t, session, leaving.id);
    await ds
      .createQueryBuilder()
      .insert()
      .into('poll_votes')
      .values({
        pollId,
        userId: leaving.id,
        sessionId: session.id,
        clientIds: 'c-1',
        choiceMask: 2,
        createdAt: now(),
        updatedAt: now(),
      })
      .execute();
    await ds.getRepository(AttendanceVisit).insert({
      id: newId(),
      sessionId: session.id,
      userId: leaving.id,
      node: 'node-x',
      startedAt: now(),
      lastSeenAt: now(),
      endedAt: now(),
    });
    await ds.getRepository(Certificate).insert({
      id: newId(),
      code: 'PGERASE1',
      eventId: event.id,
      userId: leaving.id,
      name: 'Leaving Person',
      minutes: 30,
      sessions: [],
      issuedAt: now(),
      revokedAt: null,
      revokedById: null,
    });
    const organization: Organization = {
      id: newId(),
      name: `Institute ${newId()}`,
      nameKey: '',
      shortName: null,
      country: null,
      url: null,
      createdAt: now(),
      updatedAt: now(),
    };
    organization.nameKey = organization.name.toLowerCase();
    await ds.getRepository(Organization).insert(organization);
    const endorsement = await makeEndorsement(
      t,
      await makeDeclaration(t, event.id),
      organization.id,
      leaving.id,
    );

    const exported = (await t.http.get('/api/me/export').set(leaving.auth).expect(200)).body;
    expect(exported.records.poll_votes).toHaveLength(1);
    expect(exported.records.attendance_visits).toHaveLength(1);
    expect(exported.records.certificates).toHaveLength(1);
    expect(exported.records.declaration_endorsements).toHaveLength(1);

    await t.http.delete('/api/me').set(leaving.auth).send({ password: 'correct horse battery' }).expect(204);

    const votes = await ds
      .createQueryBuilder()
      .select(['v."userId" AS "userId"', 'v."clientIds" AS "clientIds"', 'v."choiceMask" AS "choiceMask"'])
      .from('poll_votes', 'v')
      .where('v."pollId" = :pollId', { pollId })
      .getRawMany<{ userId: string; clientIds: string; choiceMask: number }>();
    expect(votes).toEqual([{ userId: expect.any(String), clientIds: '', choiceMask: 2 }]);
    expect(votes[0].userId).not.toBe(leaving.id);
    const visits = await ds.getRepository(AttendanceVisit).findBy({ sessionId: session.id });
    expect(visits).toHaveLength(1);
    expect(visits[0].userId).not.toBe(leaving.id);
    expect(await ds.getRepository(Certificate).countBy({ code: 'PGERASE1' })).toBe(0);
    expect(
      await ds.getRepository(DeclarationEndorsement).findOneByOrFail({ id: endorsement.id }),
    ).toMatchObject({
      endorserId: null,
      representativeName: 'Former participant',
      representativePosition: '',
    });
    const poll = await ds
      .createQueryBuilder()
      .select('p."createdById"', 'createdById')
      .from('polls', 'p')
      .where('p."id" = :pollId', { pollId })
      .getRawOne<{ createdById: string | null }>();
    expect(poll).toEqual({ createdById: null });
  });

  it('should refuse a vote that waited on an erasure in progress, leaving no vote under the erased id', async () => {
    const event = await makeEvent(t);
    const session = await makeSession(t, event.id);
    const pollId = await insertOpenPoll(t, session, null);
    const voter = await makeUser(t, 'voter');
    await makeRegistration(t, event.id, voter.id);
    const socket = await connectLive(t, voter.token);
    sockets.push(socket);
    await ok(socket, 'session:join', { sessionId: session.id });

    // An erasure in progress holds the account row, as AccountDeletionService's transaction does first.
    const eraser = new Client({ connectionString: url });
    await eraser.connect();
    try {
      await eraser.query('BEGIN');
      await eraser.query('SELECT "id" FROM users WHERE "id" = $1 FOR UPDATE', [voter.id]);
      const vote = command(socket, 'poll:vote', { pollId, choices: [0], clientId: randomUUID() });
      await eventually('the vote waits for the account row', async () => {
        const rows = await eraser.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return Number(rows.rows[0].n) > 0;
      });
      await eraser.query('DELETE FROM users WHERE "id" = $1', [voter.id]);
      await eraser.query('COMMIT');
      expect(await vote).toEqual({ error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    } finally {
      await eraser.end();
    }
    const votes = await dataSourceOf(t)
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from('poll_votes', 'v')
      .where('v."pollId" = :pollId', { pollId })
      .getRawOne<{ n: string }>();
    expect(Number(votes?.n)).toBe(0);
  });
});
