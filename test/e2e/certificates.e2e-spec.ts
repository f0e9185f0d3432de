import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AttendanceClock } from '../../src/analytics/attendance-clock';
import { AttendanceRecorder } from '../../src/analytics/attendance-recorder';
import type { AgendaSession } from '../../src/agenda/agenda-session.entity';
import { AuditService } from '../../src/audit/audit.service';
import type { Event } from '../../src/events/event.entity';
import { PresenceTracker } from '../../src/realtime/presence';
import { grantStaff, makeEvent, makeRegistration, makeSession } from '../factories/event.factory';
import { registerUser, TestUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/eventually';
import { connectLive, ok } from '../utils/socket-client';

const T0 = Date.parse('2030-11-20T01:00:00.000Z');

/** The PDF's text as a reader sees it (poppler's pdftotext, installed by .ci/run). */
function pdfText(pdf: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'certificate-')), 'certificate.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The PDF download's bytes (fetch: supertest would parse the body as text). */
async function download(
  t: TestApp,
  path: string,
  token: string,
): Promise<{ status: number; type: string | null; pdf: Buffer }> {
  const response = await fetch(`${t.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    pdf: Buffer.from(await response.arrayBuffer()),
  };
}

describe('Certificates of attendance (e2e)', () => {
  let t: TestApp;
  let event: Event;
  let session: AgendaSession;
  let organizer: TestUser;
  let wang: TestUser;
  let anna: TestUser;

  /** `user` is in the session from minute `from` to minute `to` (attendance clock). */
  const attend = async (user: TestUser, from: number, to: number): Promise<void> => {
    const clock = t.app.get(AttendanceClock);
    const presence = t.app.get(PresenceTracker);
    clock.now = () => T0 + from * 60_000;
    const socket = await connectLive(t, user.token);
    await ok(socket, 'session:join', { sessionId: session.id });
    clock.now = () => T0 + to * 60_000;
    socket.close();
    await eventually('left', () => presence.count(session.id) === 0);
  };

  beforeAll(async () => {
    t = await createTestApp();
    organizer = await registerUser(t, { name: 'Organizer' });
    wang = await registerUser(t, { name: '王伟 Wang Wei' });
    anna = await registerUser(t, { name: 'Анна Петрова' });
    event = await makeEvent(t, { title: 'SiLKS 2030 年会', languages: ['en', 'zh', 'ru'] });
    await grantStaff(t, event.id, organizer.id, 'organizer');
    session = await makeSession(t, event.id, { title: 'Opening plenary' });
    await makeRegistration(t, event.id, wang.id);
    await makeRegistration(t, event.id, anna.id);
    await attend(wang, 0, 30);
    await attend(anna, 0, 10);
    await t.app.get(AttendanceRecorder).flush();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should refuse certificates while the event issues none', async () => {
    const response = await t.http
      .get(`/api/events/${event.slug}/certificates/me`)
      .set({ Authorization: `Bearer ${wang.token}` });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('NOT_ELIGIBLE');
  });

  it('should let organizers set the rule on the event', async () => {
    const patch = await t.http
      .patch(`/api/events/${event.slug}`)
      .set({ Authorization: `Bearer ${organizer.token}` })
      .send({ certificates: { minMinutes: 20 } });
    expect(patch.status).toBe(200);
    expect(patch.body.certificates).toEqual({ minMinutes: 20 });
    const bad = await t.http
      .patch(`/api/events/${event.slug}`)
      .set({ Authorization: `Bearer ${organizer.token}` })
      .send({ certificates: { minMinutes: 0, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.details.fields)).toEqual(
      expect.arrayContaining(['certificates.minMinutes', 'certificates.extra']),
    );
  });

  it('should refuse an attendee below the rule with their minutes', async () => {
    const response = await t.http
      .get(`/api/events/${event.slug}/certificates/me`)
      .set({ Authorization: `Bearer ${anna.token}` });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'NOT_ELIGIBLE', details: { minutes: 10, minMinutes: 20 } });
  });

  it('should issue a PDF naming the attendee, the event, the session and a verification code', async () => {
    const response = await download(t, `/api/events/${event.slug}/certificates/me`, wang.token);
    expect(response.status).toBe(200);
    expect(response.type).toBe('application/pdf');
    const text = pdfText(response.pdf);
    const code = /([0-9A-Z]{12})/.exec(text.split('Verification code')[1] ?? '')?.[1];
    expect(code).toBeDefined();
    expect(text).toContain('王伟 Wang Wei');
    expect(text).toContain('SiLKS 2030 年会');
    expect(text).toContain('Opening plenary');
    expect(text).toContain('参会证明');
    expect(text).toContain('Сертификат участника');
    expect(text.replace(/\s+/g, '')).toContain(`/certificates/${code}`);

    const verified = await t.http.get(`/api/certificates/${code}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({
      code,
      name: '王伟 Wang Wei',
      event: { slug: event.slug, title: 'SiLKS 2030 年会' },
      minutes: 30,
      issuedAt: expect.any(String),
      valid: true,
      revokedAt: null,
    });

    // Downloading again keeps the code.
    const again = await download(t, `/api/events/${event.slug}/certificates/me`, wang.token);
    expect(pdfText(again.pdf)).toContain(code);

    const list = await t.http
      .get(`/api/events/${event.slug}/certificates`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(list.body.items).toEqual([verified.body]);
  });

  it('should let organizers revoke a certificate, which then verifies as invalid and cannot be downloaded', async () => {
    const [certificate] = (
      await t.http
        .get(`/api/events/${event.slug}/certificates`)
        .set({ Authorization: `Bearer ${organizer.token}` })
    ).body.items as Array<{ code: string }>;
    const revokePath = `/api/events/${event.slug}/certificates/${certificate.code}/revoke`;
    const byAttendee = await t.http.post(revokePath).set({ Authorization: `Bearer ${wang.token}` });
    expect(byAttendee.status).toBe(403);

    // The audit entry commits with the revocation: when it cannot be written, nothing is revoked.
    const audit = t.app.get(AuditService);
    const failing = jest.spyOn(audit, 'record').mockRejectedValueOnce(new Error('audit log unavailable'));
    const failed = await t.http.post(revokePath).set({ Authorization: `Bearer ${organizer.token}` });
    failing.mockRestore();
    expect(failed.status).toBe(500);
    expect((await t.http.get(`/api/certificates/${certificate.code}`)).body.valid).toBe(true);

    const revoked = await t.http.post(revokePath).set({ Authorization: `Bearer ${organizer.token}` });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ valid: false, revokedAt: expect.any(String) });
    // Revoking again changes nothing and logs nothing more.
    expect((await t.http.post(revokePath).set({ Authorization: `Bearer ${organizer.token}` })).status).toBe(
      200,
    );
    const log = await t.http
      .get(`/api/events/${event.slug}/audit?limit=200`)
      .set({ Authorization: `Bearer ${organizer.token}` });
    expect(log.status).toBe(200);
    const entries = (log.body.items as Array<{ action: string }>).filter(
      (entry) => entry.action === 'certificate.revoked',
    );
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'certificate.revoked',
        actor: expect.objectContaining({ id: organizer.id }),
        targetType: 'certificate',
        details: { code: certificate.code, userId: wang.id },
      }),
    ]);
    expect((await t.http.get(`/api/certificates/${certificate.code}`)).body.valid).toBe(false);
    const download = await t.http
      .get(`/api/events/${event.slug}/certificates/me`)
      .set({ Authorization: `Bearer ${wang.token}` });
    expect(download.status).toBe(403);
    expect(download.body.details).toEqual({ revoked: true });
  });

  it('should answer 404 for an unknown code and 400 for a malformed one', async () => {
    const unknown = await t.http.get('/api/certificates/ZZZZZZZZZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CERTIFICATE_NOT_FOUND');
    expect((await t.http.get('/api/certificates/short')).status).toBe(400);
  });
});
