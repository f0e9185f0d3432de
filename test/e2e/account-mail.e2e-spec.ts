import { MailOutboxEntry } from '../../src/mail/mail-outbox.entity';
import { SessionReminders } from '../../src/registrations/session-reminders';
import { dataSourceOf, grantStaff, makeEvent, makeRoom, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually, sleep } from '../utils/eventually';
import { ReceivedMail, SmtpSink } from '../utils/smtp-sink';

describe('Mail through a real SMTP server (e2e)', () => {
  let sink: SmtpSink;
  let t: TestApp;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    t = await createTestApp({
      RATE_LIMITS: 'off',
      SMTP_URL: sink.url,
      MAIL_RETRY_BASE_MS: '200',
      MAIL_BATCH_MS: '1500',
      PUBLIC_URL: 'https://meeting.example.org',
    });
  });
  afterAll(async () => {
    await t.close();
    await sink.stop();
  });

  const withLocale = async (locale: string, timezone?: string): Promise<TestUser> => {
    const user = await registerUser(t);
    await t.http
      .patch('/api/me')
      .set(user.auth)
      .send({ locale, ...(timezone ? { timezone } : {}) })
      .expect(200);
    return user;
  };
  const mailOf = async (user: TestUser, kind: string): Promise<ReceivedMail> => {
    await eventually(`${kind} mail to ${user.email}`, () => sink.to(user.email).some((m) => m.kind === kind));
    return sink.to(user.email).find((m) => m.kind === kind)!;
  };
  const outboxSettled = (): Promise<void> =>
    eventually('the outbox is empty', async () => {
      const queued = await dataSourceOf(t).getRepository(MailOutboxEntry).countBy({ status: 'queued' });
      return queued === 0;
    });

  it('should mail confirmed, waitlisted and promoted registrations once each, in each language, with the event', async () => {
    const event = await makeEvent(t, { registrationCapacity: 1, title: 'Annual Meeting 2030' });
    const first = await withLocale('zh-CN', 'Asia/Shanghai');
    const second = await withLocale('ru');
    await t.http.post(`/api/events/${event.slug}/registrations`).set(first.auth).send({}).expect(201);
    await t.http.post(`/api/events/${event.slug}/registrations`).set(second.auth).send({}).expect(201);

    const confirmed = await mailOf(first, 'registration-confirmed');
    expect(confirmed.subject).toBe('报名成功：Annual Meeting 2030');
    expect(confirmed.text).toContain('您已成功报名 Annual Meeting 2030');
    expect(confirmed.html).toContain('<html lang="zh-CN">');
    expect(confirmed.attachments).toEqual([
      expect.objectContaining({ filename: `${event.slug}.ics`, contentType: 'text/calendar' }),
    ]);
    expect(confirmed.attachments[0].content).toContain('BEGIN:VEVENT');
    expect(confirmed.attachments[0].content).toContain('SUMMARY:Annual Meeting 2030');
    expect(confirmed.attachments[0].content).toContain('DTSTART;TZID=Asia/Shanghai:20301120T000000');

    const waitlisted = await mailOf(second, 'registration-waitlisted');
    expect(waitlisted.subject).toBe('Вы в листе ожидания: Annual Meeting 2030');

    await t.http.delete(`/api/events/${event.slug}/registrations/me`).set(first.auth).expect(200);
    const promoted = await mailOf(second, 'registration-promoted');
    expect(promoted.subject).toBe('Для вас освободилось место: Annual Meeting 2030');
    expect(promoted.attachments).toHaveLength(1);

    await outboxSettled();
    await sleep(300);
    expect(sink.to(first.email).map((m) => m.kind)).toEqual(['registration-confirmed']);
    expect(
      sink
        .to(second.email)
        .map((m) => m.kind)
        .sort(),
    ).toEqual(['registration-promoted', 'registration-waitlisted']);
  });

  it('should mail approvals and rejections by the organizers', async () => {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, { registrationRequiresApproval: true, title: 'Closed Meeting' });
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const approved = await registerUser(t);
    const rejected = await withLocale('zh-CN');
    const a = await t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(approved.auth)
      .send({})
      .expect(201);
    const r = await t.http
      .post(`/api/events/${event.slug}/registrations`)
      .set(rejected.auth)
      .send({})
      .expect(201);
    await t.http
      .post(`/api/events/${event.slug}/registrations/${a.body.id}/approve`)
      .set(organizer.auth)
      .expect(200);
    await t.http
      .post(`/api/events/${event.slug}/registrations/${r.body.id}/reject`)
      .set(organizer.auth)
      .expect(200);

    expect((await mailOf(approved, 'registration-approved')).text).toContain(
      'The organizers approved your registration for Closed Meeting. You have a seat.',
    );
    expect((await mailOf(rejected, 'registration-rejected')).subject).toBe(
      '您的报名未获通过：Closed Meeting',
    );
    await outboxSettled();
    // A pending registration is not mailed; only the decision is.
    expect(sink.to(approved.email)).toHaveLength(1);
    expect(sink.to(rejected.email)).toHaveLength(1);
  });

  it('should reset a password with the mailed one-time link and sign out every earlier token', async () => {
    const user = await withLocale('ru');
    const forgot = await t.http.post('/api/auth/password/forgot').send({ email: user.email }).expect(202);
    await t.http.post('/api/auth/password/forgot').send({ email: 'nobody@example.test' }).expect(202);
    expect(forgot.body).toEqual({ status: 'accepted' });

    const mail = await mailOf(user, 'password-reset');
    expect(mail.subject).toBe('Сброс пароля Plenary');
    const token = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    // Only the hash is stored, and a sent mail keeps no copy of the link.
    const stored = await dataSourceOf(t).query<Array<{ tokenHash: string }>>(
      `SELECT "tokenHash" FROM password_resets`,
    );
    expect(stored.map((row) => row.tokenHash)).not.toContain(token);
    const sent = await dataSourceOf(t).getRepository(MailOutboxEntry).findBy({ kind: 'password-reset' });
    expect(sent.map((row) => row.params)).toEqual(['{}']);

    const reset = await t.http
      .post('/api/auth/password/reset')
      .send({ token, password: 'a brand new password' })
      .expect(200);
    await t.http.get('/api/auth/me').set(user.auth).expect(401);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${reset.body.accessToken}`).expect(200);
    await t.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'a brand new password' })
      .expect(200);
    const again = await t.http
      .post('/api/auth/password/reset')
      .send({ token, password: 'yet another password' })
      .expect(400);
    expect(again.body.code).toBe('RESET_LINK_INVALID');
  });

  it('should keep mails while the SMTP server is down and send each once when it is back', async () => {
    const event = await makeEvent(t, { title: 'Outage Meeting' });
    const user = await registerUser(t);
    const port = sink.port;
    await sink.stop();
    await t.http.post(`/api/events/${event.slug}/registrations`).set(user.auth).send({}).expect(201);
    // The request did not wait for the mail server: its mail is still queued.
    const [queued] = await dataSourceOf(t).getRepository(MailOutboxEntry).findBy({ userId: user.id });
    expect(queued.status).toBe('queued');
    await eventually(
      'a failed attempt',
      async () => {
        const [row] = await dataSourceOf(t).getRepository(MailOutboxEntry).findBy({ userId: user.id });
        return row !== undefined && row.status === 'queued' && row.attempts >= 2 && row.lastError !== null;
      },
      80,
    );
    await sink.start(port);
    await mailOf(user, 'registration-confirmed');
    await outboxSettled();
    await sleep(500);
    expect(sink.to(user.email)).toHaveLength(1);
  });

  it('should batch programme changes of bookmarked sessions into one mail in the reader’s time zone', async () => {
    const organizer = await registerUser(t);
    const event = await makeEvent(t, { title: 'Changing Meeting' });
    await grantStaff(t, event.id, organizer.id, 'organizer');
    const room = await makeRoom(t, event.id);
    const panel = await makeSession(t, event.id, { title: 'Panel on trade', roomId: room.id });
    const keynote = await makeSession(t, event.id, {
      title: 'Keynote',
      roomId: room.id,
      startsAt: '2030-11-20T03:00:00.000Z',
      endsAt: '2030-11-20T04:00:00.000Z',
    });
    const reader = await withLocale('en', 'Europe/Berlin');
    for (const session of [panel, keynote]) {
      await t.http
        .put(`/api/events/${event.slug}/sessions/${session.id}/bookmark`)
        .set(reader.auth)
        .expect(204);
    }
    await t.http
      .patch(`/api/events/${event.slug}/sessions/${panel.id}`)
      .set(organizer.auth)
      .send({ startsAt: '2030-11-20T13:30:00+08:00', endsAt: '2030-11-20T14:30:00+08:00' })
      .expect(200);
    await t.http
      .patch(`/api/events/${event.slug}/sessions/${keynote.id}`)
      .set(organizer.auth)
      .send({ title: 'Opening keynote' })
      .expect(200);

    const digest = await mailOf(reader, 'programme-changes');
    expect(digest.subject).toBe('Programme changes: 2 of your sessions');
    expect(digest.text).toContain('Panel on trade');
    expect(digest.text).toContain('Opening keynote');
    // 13:30 in Shanghai is 06:30 in Berlin (winter time).
    expect(digest.text).toContain('6:30 AM');
    expect(digest.text).toContain(`https://meeting.example.org/events/${event.slug}/sessions/${panel.id}`);
    await outboxSettled();
    expect(sink.to(reader.email).filter((m) => m.kind === 'programme-changes')).toHaveLength(1);
  });

  it('should remind once 15 minutes before a bookmarked session, with its link and a working unsubscribe link', async () => {
    const event = await makeEvent(t, { title: 'Soon Meeting' });
    const startsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const session = await makeSession(t, event.id, {
      title: 'Starting soon',
      startsAt,
      endsAt: new Date(Date.now() + 70 * 60_000).toISOString(),
    });
    const later = await makeSession(t, event.id, {
      title: 'Much later',
      startsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 120 * 60_000).toISOString(),
    });
    const reader = await withLocale('zh-CN', 'Asia/Shanghai');
    const silent = await registerUser(t);
    await t.http.patch('/api/me').set(silent.auth).send({ reminders: false }).expect(200);
    for (const user of [reader, silent]) {
      for (const target of [session, later]) {
        await t.http
          .put(`/api/events/${event.slug}/sessions/${target.id}/bookmark`)
          .set(user.auth)
          .expect(204);
      }
    }
    const reminders = t.app.get(SessionReminders);
    await reminders.queueDue();
    await reminders.queueDue();

    const reminder = await mailOf(reader, 'session-reminder');
    expect(reminder.subject).toBe('15 分钟后开始：Starting soon');
    expect(reminder.text).toContain(
      `https://meeting.example.org/events/${event.slug}/sessions/${session.id}`,
    );
    const unsubscribe = /https:\/\/meeting\.example\.org(\/api\/mail\/unsubscribe\?token=[^\s]+)/.exec(
      reminder.text,
    )?.[1];
    expect(unsubscribe).toBeDefined();
    expect(JSON.stringify(reminder.headers.get('list'))).toContain('/api/mail/unsubscribe?token=');
    await outboxSettled();
    expect(sink.to(reader.email).filter((m) => m.kind === 'session-reminder')).toHaveLength(1);
    expect(sink.to(silent.email)).toHaveLength(0);

    await t.http.get(unsubscribe!).expect(200);
    expect((await t.http.get('/api/me').set(reader.auth).expect(200)).body.reminders).toBe(true);
    await t.http.post(unsubscribe!).expect(200);
    expect((await t.http.get('/api/me').set(reader.auth).expect(200)).body.reminders).toBe(false);
    await t.http.post('/api/mail/unsubscribe?token=forged.token').expect(400);
  });
});
