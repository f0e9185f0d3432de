import { TestUser } from './accounts';
import { TestApp } from './create-test-app';

let counter = 0;

/** A slug no other edition of this test process has. */
export const nextSlug = (): string => `edition-${++counter}`;

/** Creates an edition through the API as `owner` (a draft unless published afterwards). */
export async function createEdition(
  t: TestApp,
  owner: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; slug: string }> {
  const response = await t.http
    .post('/api/events')
    .set(owner.auth)
    .send({
      slug: nextSlug(),
      title: 'Annual Meeting',
      timezone: 'Asia/Shanghai',
      startsOn: '2030-11-20',
      endsOn: '2030-11-21',
      ...overrides,
    })
    .expect(201);
  return { id: response.body.id, slug: response.body.slug };
}
