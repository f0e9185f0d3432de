import type { TestApp } from './create-test-app';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  token: string;
  auth: { Authorization: string };
}

let counter = 0;

/** Registers a fresh account through the API and returns its token. */
export async function registerUser(
  t: TestApp,
  overrides: { email?: string; name?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const email = overrides.email ?? `user${counter}-${Date.now()}@example.test`;
  const name = overrides.name ?? `Test User ${counter}`;
  const response = await t.http
    .post('/api/auth/register')
    .send({ email, password: 'correct horse battery', name });
  if (response.status !== 201) {
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const token = response.body.accessToken as string;
  return { id: response.body.user.id, email, name, token, auth: { Authorization: `Bearer ${token}` } };
}
