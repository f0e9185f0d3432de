/** @jest-environment jsdom */
import { ApiError, HttpClient, toApiError } from './http-client';
import { normalizeSession, buildIndex } from './normalize';

function jsonResponse(status: number, body: unknown): Response {
  return {
    ok: status < 400,
    status,
    json: () => Promise.resolve(body),
    text: () => Promise.resolve(JSON.stringify(body)),
  } as Response;
}

describe('HttpClient', () => {
  it('should send the bearer token and JSON, and parse the answer', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const http = new HttpClient({
      getToken: () => 'tok',
      fetch: (url, init) => {
        calls.push({ url: url as string, init: init ?? {} });
        return Promise.resolve(jsonResponse(200, { ok: true }));
      },
    });
    await expect(http.post('/events/x/registrations', { answers: {} })).resolves.toEqual({ ok: true });
    expect(calls[0].url).toBe('/api/events/x/registrations');
    expect(calls[0].init.headers).toMatchObject({
      Authorization: 'Bearer tok',
      'Content-Type': 'application/json',
    });
    expect(http.url('/agenda', { tz: 'America/Los_Angeles', empty: '' })).toBe(
      '/api/agenda?tz=America%2FLos_Angeles',
    );
  });

  it('should turn the error body into an ApiError with field errors', async () => {
    const http = new HttpClient({
      getToken: () => null,
      fetch: () =>
        Promise.resolve(
          jsonResponse(400, {
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'Invalid',
            details: { fields: { 'answers.org': ['org is required'] } },
            requestId: 'r1',
          }),
        ),
    });
    const failure = http.post('/x', {});
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      fields: { 'answers.org': ['org is required'] },
      requestId: 'r1',
    });
  });

  it('should sign out on a 401 to an authenticated request and report network failures', async () => {
    const signOut = jest.fn();
    const http = new HttpClient({
      getToken: () => 'old',
      onUnauthenticated: signOut,
      fetch: () => Promise.resolve(jsonResponse(401, { code: 'UNAUTHENTICATED', message: 'no' })),
    });
    await expect(http.get('/auth/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(signOut).toHaveBeenCalledTimes(1);
    const offline = new HttpClient({
      getToken: () => null,
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(offline.get('/events')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('should survive bodies that are not the error contract', () => {
    expect(toApiError(502, '<html>')).toMatchObject({ code: 'INTERNAL', status: 502 });
    expect(
      toApiError(409, {
        code: 'SCHEDULE_CONFLICT',
        message: 'Clash',
        details: { conflicts: [{ kind: 'room' }] },
      }).details,
    ).toEqual({ conflicts: [{ kind: 'room' }] });
  });
});

describe('normalizeSession', () => {
  it('should resolve ids against the programme and read embedded objects as they are', () => {
    const index = buildIndex({
      rooms: [{ id: 'r', name: 'Main Stage', streamUrl: 'https://stream.example/main' }],
      speakers: [{ id: 'sp', name: 'Tao Pingsheng', organizationId: 'o', position: 'Director General' }],
      organizations: [
        { id: 'o', name: 'Development Research Center of the State Council', shortName: 'DRC' },
      ],
    });
    const session = normalizeSession(
      {
        id: 's',
        title: 'Opening',
        kind: 'ceremony',
        startsAt: 'a',
        endsAt: 'b',
        roomId: 'r',
        participants: [{ speakerId: 'sp', role: 'host' }],
        qa: { enabled: true, moderated: true, open: false },
      },
      index,
    );
    expect(session.room?.name).toBe('Main Stage');
    expect(session.streamUrl).toBe('https://stream.example/main');
    expect(session.participants[0]).toMatchObject({
      name: 'Tao Pingsheng',
      role: 'host',
      organization: { shortName: 'DRC' },
    });
    expect(session).toMatchObject({ qaModerated: true, qaOpen: false, chatEnabled: true, cancelled: false });
  });
});
