import fc from 'fast-check';

import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeWorld, tableCounts, World } from '../utils/world';
import {
  badAuthorization,
  FUZZ_TIMEOUT_MS,
  CorpusEntry,
  FUZZ_RUNS,
  FUZZ_SEED,
  hostileString,
  invalidBody,
  loadCorpus,
  RawBody,
  recordCounterexample,
} from './fuzz-support';
import { partsOf, REST_TARGETS, RestPart, RestTarget, targetName } from './rest-targets';

/**
 * Every write endpoint gets FUZZ_RUNS (default 1,000) requests that must each be refused: a body with one
 * sure violation and hostile strings elsewhere, a hostile path parameter, or a bad bearer token. Each answer
 * must be the documented error (400 VALIDATION_FAILED, 401, 404, 413; never 5xx or INTERNAL), and no table
 * may gain or lose a row.
 */
const CORPUS = 'rest-writes.json';

interface FuzzRequest {
  path: string;
  headers: Record<string, string>;
  body?: RawBody;
  /** The statuses this request may be answered with. */
  expected: number[];
}

/** Percent-encodes every byte, so lone surrogates and slashes reach the router as data. */
const encodeSegment = (value: string): string =>
  [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const fill = (path: string, params: Record<string, string>, encode: (value: string) => string): string =>
  path.replace(/\{(\w+)\}/g, (_match, name: string) => encode(params[name]));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requests(target: RestTarget, w: World): fc.Arbitrary<FuzzRequest> {
  const params = target.params(w);
  const auth = { Authorization: `Bearer ${w.users.organizer.token}` };
  const validPath = fill(target.path, params, encodeURIComponent);
  const options: Array<fc.Arbitrary<FuzzRequest>> = [
    badAuthorization.map((header) => ({
      path: validPath,
      headers: { Authorization: header },
      body: target.base
        ? { text: JSON.stringify(target.base(w)), contentType: 'application/json' }
        : undefined,
      expected: [401],
    })),
  ];
  if (target.base && target.fields) {
    options.push(
      fc.constant(null).chain(() =>
        invalidBody(target.base!(w), target.fields!).map((body) => ({
          path: validPath,
          headers: auth,
          body,
          expected: [400, 413],
        })),
      ),
    );
  }
  const names = Object.keys(params);
  if (names.length > 0) {
    const hostileParam = (name: string): fc.Arbitrary<string> =>
      name === 'slug'
        ? fc.oneof(hostileString, fc.string({ minLength: 65, maxLength: 300 }))
        : fc.oneof(
            hostileString.filter((value) => !UUID.test(value)),
            fc.uuid().map((id) => `${id}x`),
          );
    options.push(
      fc
        .constantFrom(...names)
        .chain((name) => hostileParam(name).map((value) => ({ ...params, [name]: value })))
        .map((bad) => ({
          path: fill(target.path, bad, encodeSegment),
          headers: auth,
          body: target.base
            ? { text: JSON.stringify(target.base(w)), contentType: 'application/json' }
            : undefined,
          expected: [400, 404],
        })),
    );
  }
  return fc.oneof(...options);
}

/** A failing request as a corpus template: this world's ids back to `{name}`, the organizer's token dropped. */
function asTemplate(request: FuzzRequest, params: Record<string, string>, token: string): FuzzRequest {
  let path = request.path;
  for (const [name, value] of Object.entries(params)) {
    path = path.split(encodeURIComponent(value)).join(`{${name}}`);
  }
  const headers = { ...request.headers };
  if (headers.Authorization === `Bearer ${token}`) {
    delete headers.Authorization;
  }
  return { ...request, path, headers };
}

async function send(
  t: TestApp,
  method: string,
  request: FuzzRequest,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body) {
    headers['Content-Type'] = request.body.contentType;
  }
  const response = await fetch(`${t.url}${request.path}`, {
    method: method.toUpperCase(),
    headers,
    body: request.body?.text,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: reported below as a wrong answer.
  }
  return { status: response.status, body };
}

/** Why the answer breaks the contract, or null when it is a documented refusal. */
function problem(request: FuzzRequest, answer: { status: number; body: unknown }): string | null {
  const body = answer.body as { statusCode?: unknown; code?: unknown; requestId?: unknown } | null;
  if (!request.expected.includes(answer.status)) {
    return `status ${answer.status}, expected one of ${request.expected.join(', ')}`;
  }
  if (
    !body ||
    typeof body !== 'object' ||
    body.statusCode !== answer.status ||
    typeof body.requestId !== 'string'
  ) {
    return 'no error body';
  }
  if (body.code === 'INTERNAL') {
    return 'INTERNAL';
  }
  if (answer.status === 400 && body.code !== 'VALIDATION_FAILED') {
    return `400 with code ${String(body.code)}`;
  }
  return null;
}

/**
 * The fuzz suite of one part of the targets (split over files so each stays near a minute in CI). The part
 * that passes `checkCoverage` also proves every write endpoint of the OpenAPI document has a target.
 */
// eslint-disable-next-line jest/no-export -- a suite factory shared by the three rest-*.e2e-spec.ts files
export function describeRestFuzz(part: RestPart, title: string, checkCoverage = false): void {
  describe(`Write endpoints under fuzzing: ${title} (e2e)`, () => {
    let t: TestApp;
    let w: World;

    beforeAll(async () => {
      t = await createTestApp({ RATE_LIMITS: 'off' });
      w = await makeWorld(t);
    });
    afterAll(async () => {
      await t.close();
    });

    const targets = REST_TARGETS.filter((target) => partsOf(target).includes(part));

    if (checkCoverage) {
      it('should fuzz every write endpoint of the OpenAPI document', async () => {
        const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
          paths: Record<string, Record<string, unknown>>;
        };
        const writes = Object.entries(doc.paths).flatMap(([path, operations]) =>
          Object.keys(operations)
            .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
            .map((method) => `${method.toUpperCase()} ${path}`),
        );
        expect(
          writes.filter((write) => !REST_TARGETS.some((target) => targetName(target) === write)),
        ).toEqual([]);
        // Each target in exactly one file, so none goes unfuzzed.
        expect(REST_TARGETS.filter((target) => partsOf(target).length !== 1).map(targetName)).toEqual([]);
      });
    }

    it('should still refuse every request of the regression corpus', async () => {
      const failures: string[] = [];
      const names = targets.map(targetName);
      const corpus = loadCorpus(CORPUS) as Array<CorpusEntry & { method: string; request: FuzzRequest }>;
      for (const entry of corpus.filter((item) => names.includes(item.target))) {
        // Entries are kept as templates: this run's ids fill the path, the organizer signs in unless the
        // entry carries its own Authorization header.
        const target = targets.find((item) => targetName(item) === entry.target)!;
        const params = target.params(w);
        const request: FuzzRequest = {
          ...entry.request,
          path: entry.request.path.replace(/\{(\w+)\}/g, (_match, key: string) =>
            encodeURIComponent(params[key]),
          ),
          headers: entry.request.headers.Authorization
            ? entry.request.headers
            : { ...entry.request.headers, Authorization: `Bearer ${w.users.organizer.token}` },
        };
        const answer = await send(t, entry.method, request);
        const wrong = problem(request, answer);
        if (wrong) {
          failures.push(`${entry.target}: ${wrong}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it.each(targets.map((target) => [targetName(target), target] as const))(
      'should refuse hostile requests to %s with the documented error and write nothing',
      async (name, target) => {
        const before = await tableCounts(t);
        const details = await fc.check(
          fc.asyncProperty(requests(target, w), async (request) => {
            const answer = await send(t, target.method, request);
            const wrong = problem(request, answer);
            if (wrong) {
              throw new Error(`${wrong}: ${JSON.stringify(answer.body).slice(0, 300)}`);
            }
          }),
          { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
        );
        if (details.failed && details.counterexample) {
          recordCounterexample(CORPUS, {
            target: name,
            note: details.errorInstance instanceof Error ? details.errorInstance.message : 'failed',
            method: target.method,
            seed: details.seed,
            request: asTemplate(details.counterexample[0], target.params(w), w.users.organizer.token),
          });
        }
        expect(
          details.failed ? `${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}` : 'passed',
        ).toBe('passed');
        expect(await tableCounts(t)).toEqual(before);
        expect((await fetch(`${t.url}/health`)).status).toBe(200);
      },
      // 1,000 requests; generous for a loaded CI machine.
      FUZZ_TIMEOUT_MS,
    );
  });
}
