import jwt from 'jsonwebtoken';

import { registerUser } from '../utils/accounts';
import { createTestApp, TestApp } from '../utils/create-test-app';

describe('Accounts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('should register, log in and return the current user', async () => {
    const registered = await t.http
      .post('/api/auth/register')
      .send({ email: 'Ana.Lima@Example.org', password: 'correct horse battery', name: '  Ana Lima ' })
      .expect(201);
    expect(registered.body.user).toEqual({
      id: expect.any(String),
      email: 'Ana.Lima@Example.org',
      name: 'Ana Lima',
    });
    expect(registered.body.accessToken).toEqual(expect.any(String));

    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'ana.lima@example.org', password: 'correct horse battery' })
      .expect(200);
    const me = await t.http
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(me.body).toEqual({
      id: registered.body.user.id,
      email: 'Ana.Lima@Example.org',
      name: 'Ana Lima',
      roles: [],
    });
  });

  it('should treat emails as unique ignoring case', async () => {
    await registerUser(t, { email: 'dup@example.org' });
    const response = await t.http
      .post('/api/auth/register')
      .send({ email: 'DUP@example.ORG', password: 'correct horse battery', name: 'Other' })
      .expect(409);
    expect(response.body).toMatchObject({
      statusCode: 409,
      code: 'ALREADY_EXISTS',
      requestId: expect.any(String),
    });
  });

  it('should answer 401 for a wrong password and an unknown email alike', async () => {
    await registerUser(t, { email: 'known@example.org' });
    const wrong = await t.http
      .post('/api/auth/login')
      .send({ email: 'known@example.org', password: 'nope' })
      .expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: 'who@example.org', password: 'nope' })
      .expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('should reject invalid bodies with field details and unknown properties', async () => {
    const response = await t.http
      .post('/api/auth/register')
      .send({ email: 'not-an-email', password: 'short', name: '', role: 'admin' })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.details.fields).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('should refuse __proto__ and constructor keys', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"a@b.c","password":"x","__proto__":{"admin":true}}')
      .expect(400);
    expect(response.body.details.fields).toHaveProperty(['__proto__']);
  });

  it('should answer malformed JSON with the error shape', async () => {
    const response = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
  });

  it('should refuse missing, tampered, alg-none and expired tokens', async () => {
    const user = await registerUser(t);
    await t.http.get('/api/auth/me').expect(401);
    const [header, payload] = user.token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${user.token.split('.')[2]}`;
    const none = jwt.sign({ sub: user.id }, '', {
      algorithm: 'none',
      issuer: 'plenary',
      audience: 'plenary-api',
    });
    const expired = jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret!, {
      issuer: 'plenary',
      audience: 'plenary-api',
    });
    const wrongAudience = jwt.sign({ sub: user.id }, t.config.jwtSecret!, {
      issuer: 'plenary',
      audience: 'other',
    });
    for (const token of [tampered, none, expired, wrongAudience, 'garbage']) {
      const response = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('should answer unknown routes with the error shape and send helmet headers', async () => {
    const response = await t.http.get('/api/nope').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBe(response.body.requestId);
  });

  it('should serve health, metrics and the OpenAPI document', async () => {
    await t.http.get('/health').expect(200, { status: 'ok' });
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toContain('plenary_http_requests_total');
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/auth/login', '/api/auth/me']),
    );
  });
});
