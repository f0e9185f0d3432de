import { ProgrammeChange } from '../../src/agenda/programme-change.entity';
import { DomainEvents } from '../../src/common/domain-events/domain-events';
import { MailOutboxEntry } from '../../src/mail/mail-outbox.entity';
import { Notification } from '../../src/registrations/notification.entity';
import { dataSourceOf, grantStaff, makeEvent, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * Programme change mails are written in the transaction of the programme change itself: a change that rolls
 * back leaves no mail and no notice behind, a committed one has its mail queued before the response.
 */
describe('Programme change mails commit with the change (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A long batch window keeps the digests queued, so the test sees the outbox rows themselves.
    t = await createTestApp({ RATE_LIMITS: 'off', MAIL_BATCH_MS: '600000' });
  });
  afterAll(() => t.close());

  const outboxOf = (user: TestUser): Promise<MailOutboxEntry[]> =>
    dataSourceOf(t).getRepository(MailOutboxEntry).findBy({ userId: user.id, kind: 'programme-changes' });
  const noticesOf = (user: TestUser): Promise<Notification[]> =>
    dataSourceOf(t).getRepository(Notification).findBy({ userId: user.id });

  const bookmarkedSession = async (title: string) => {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, { title });
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id);
    const session = await makeSession(t, event.id, { title: `${title} panel`, roomId: room.id });
    const reader = await registerUser(t);
    await t.http
      .put(`/api/events/${event.slug}/sessions/${session.id}/bookmark`)
      .set(reader.auth)
      .expect(204);
    return { organizer, event, session, reader };
  };

  it('should queue exactly one mail, before the response, when the change commits', async () => {
    const { organizer, event, session, reader } = await bookmarkedSession('Committed Meeting');

    await t.http
      .patch(`/api/events/${event.slug}/sessions/${session.id}`)
      .set(organizer.auth)
      .send({ title: 'Renamed panel' })
      .expect(200);

    // No waiting: the mail and the notice are part of the change's own transaction.
    const mails = await outboxOf(reader);
    expect(mails).toHaveLength(1);
    expect(mails[0].status).toBe('queued');
    expect(JSON.parse(mails[0].params)).toEqual({
      changes: [expect.objectContaining({ sessionId: session.id, title: 'Renamed panel', kind: 'updated' })],
    });
    expect(await noticesOf(reader)).toHaveLength(1);
  });

  it('should queue no mail and store no notice when the change rolls back after they were written', async () => {
    const { organizer, event, session, reader } = await bookmarkedSession('Rolled Back Meeting');
    let reached = false;
    // Registered after the notifications feature, so it runs after the notices and mails were written.
    const off = t.app.get(DomainEvents).onWithin('programme.session-changed', async (manager, change) => {
      if (change.sessionId !== session.id) {
        return;
      }
      reached = true;
      expect(await manager.getRepository(MailOutboxEntry).countBy({ userId: reader.id })).toBe(1);
      throw new Error('the change fails after its mails were queued');
    });
    try {
      await t.http
        .patch(`/api/events/${event.slug}/sessions/${session.id}`)
        .set(organizer.auth)
        .send({ title: 'Never renamed' })
        .expect(500);
    } finally {
      off();
    }

    expect(reached).toBe(true);
    expect(await outboxOf(reader)).toEqual([]);
    expect(await noticesOf(reader)).toEqual([]);
    expect(await dataSourceOf(t).getRepository(ProgrammeChange).countBy({ sessionId: session.id })).toBe(0);
    const view = await t.http.get(`/api/events/${event.slug}/sessions/${session.id}`).expect(200);
    expect(view.body.title).toBe('Rolled Back Meeting panel');

    // The same change, retried without the failure, commits with exactly one mail.
    await t.http
      .patch(`/api/events/${event.slug}/sessions/${session.id}`)
      .set(organizer.auth)
      .send({ title: 'Renamed at last' })
      .expect(200);
    const mails = await outboxOf(reader);
    expect(mails).toHaveLength(1);
    expect(JSON.parse(mails[0].params).changes).toEqual([
      expect.objectContaining({ title: 'Renamed at last' }),
    ]);
  });
});
