import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

/**
 * Runs per target: 1,000 in CI (`CI=true`, as `.ci/run` sets it) and in `npm run test:fuzz`; 100 in a local
 * `npm test`, which the fuzz depth would otherwise take three quarters of. FUZZ_RUNS overrides both.
 */
const DEFAULT_FUZZ_RUNS = process.env.CI === 'true' || process.env.CI === '1' ? 1000 : 100;
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? DEFAULT_FUZZ_RUNS));
/** Per target: 1,000 requests take seconds alone, far longer on a busy two-core CI machine. */
export const FUZZ_TIMEOUT_MS = 60_000 + FUZZ_RUNS * 120;
/**
 * `npm test` must pass the same way on every machine, so runs replay one fixed seed by default (plus the corpus
 * of past finds). `FUZZ_SEED=random` explores new inputs (fast-check prints the seed of a failure);
 * `FUZZ_SEED=<n>` replays one run exactly.
 */
const DEFAULT_FUZZ_SEED = 20261128;
export const FUZZ_SEED =
  process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? DEFAULT_FUZZ_SEED);

// ---- hostile values ----

/** Strings that have broken parsers, databases and renderers somewhere. */
export const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDBFFy',
  '\uDC00',
  '\u202E',
  'evil\u202Egnp.exe',
  '\u2066\u2067\u2068\u2069',
  '\uFEFF',
  '\u200B\u200C\u200D',
  '   ',
  '\r\n\t',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '%00%27',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e400',
  'null',
  'undefined',
  '𝕳𝖊𝖑𝖑𝖔 🎉👩‍👩‍👧‍👦',
  'Z̴̡̧͖a̷͍l̶g̵o̸',
  '中文 العربية עברית',
];

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Any UTF-16 sequence, lone surrogates and NULs included, mixed with the known-nasty ones. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: codeUnit, maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc
    .tuple(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 }))
    .map(([nasty, tail]) => `${tail}${nasty}${tail}`),
);

/** Nesting deeper than any DTO (the pipe refuses more than 32 levels). */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 33, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) {
      value = arrays ? [value] : { a: value };
    }
    return value;
  });

/** Keys that try to reach a prototype or set a server-owned field. */
export const EXTRA_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'role',
  'status',
  'votes',
  'id',
  'eventId',
  'isAdmin',
  'createdAt',
  'passwordHash',
  'seq',
  '',
];

/** Numbers JSON can carry but no bounded integer field accepts (written raw into the JSON text). */
export const RAW_BAD_NUMBERS = ['1e400', '-1e400', '1e21', '-1', '0.5', '-2147483649'];

export type FieldKind = 'string' | 'number' | 'boolean' | 'enum' | 'array' | 'object';

export interface FieldSpec {
  kind: FieldKind;
  /** Longest valid string (strings). */
  max?: number;
  /** null is a valid value (do not use it as a wrong type). */
  nullable?: boolean;
  /** A number with no upper bound (huge integers are valid). */
  unbounded?: boolean;
}

/** A marker in a value that is replaced by a raw JSON token after serialisation. */
const RAW = (token: string) => `\u0001RAW:${token}\u0001`;

/** Values of a type other than the field's. */
export function wrongTypeFor(spec: FieldSpec): fc.Arbitrary<unknown> {
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (spec.kind !== 'string' && spec.kind !== 'enum') {
    options.push(hostileString, fc.constant('1'), fc.constant('true'));
  }
  if (spec.kind !== 'number') {
    options.push(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  } else {
    options.push(
      fc.constantFrom(...RAW_BAD_NUMBERS.filter((token) => !spec.unbounded || token !== '1e21')).map(RAW),
    );
  }
  if (spec.kind !== 'boolean') {
    options.push(fc.boolean());
  }
  if (spec.kind !== 'array') {
    options.push(fc.array(fc.oneof(fc.integer(), hostileString), { maxLength: 5 }));
  } else {
    options.push(fc.constantFrom([123], [null], [[]], [true]));
  }
  if (spec.kind !== 'object') {
    options.push(fc.dictionary(hostileString, fc.oneof(fc.integer(), hostileString), { maxKeys: 4 }));
  } else {
    options.push(fc.constant({ zzzUnknown: 1 }));
  }
  if (!spec.nullable) {
    options.push(fc.constant(null));
  }
  if (spec.kind === 'enum') {
    options.push(hostileString.filter((value) => !/^[a-z]+$/.test(value)));
  }
  return fc.oneof(...options);
}

/** A string longer than the field allows (sometimes past the 256 KiB body limit). */
export function tooLongFor(spec: FieldSpec, hugeLength = 300_000): fc.Arbitrary<string> {
  const max = spec.max ?? 1000;
  return (
    fc
      .oneof(
        { weight: 9, arbitrary: fc.integer({ min: max + 1, max: max + 2000 }) },
        { weight: 1, arbitrary: fc.constant(Math.max(hugeLength, max + 1)) },
      )
      // Lengths count code points (as the validator does), so an emoji counts once.
      .chain((length) => fc.constantFrom('x', 'é', '中', '🎉').map((unit) => unit.repeat(length)))
  );
}

export interface RawBody {
  /** The exact body text sent (undefined sends no body). */
  text?: string;
  contentType: string;
}

/** JSON text of a value, with RAW markers turned into raw tokens and own `__proto__` keys kept. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001RAW:([^\\"]+)\\u0001"/g, '$1');
}

/** An object that owns the key (even `__proto__`) without touching any prototype. */
export function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(base)) {
    copy[k] = v;
  }
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Bodies that must all be refused with 400 VALIDATION_FAILED (or 413 past the size limit): one sure
 * violation (an unknown or prototype key, a wrong type, a string too long, nesting too deep, no object at
 * all), with hostile strings sprinkled over the other string fields.
 */
export function invalidBody(
  base: Record<string, unknown>,
  fields: Record<string, FieldSpec>,
  /** Length of the rare huge string (past the HTTP body limit by default). */
  hugeLength = 300_000,
): fc.Arbitrary<RawBody> {
  const names = Object.keys(fields);
  const stringNames = names.filter((name) => fields[name].kind === 'string');
  /** Hostile (possibly valid) strings in up to two string fields other than the broken one. */
  const sprinkle = (body: Record<string, unknown>, broken: string): fc.Arbitrary<Record<string, unknown>> => {
    const others = stringNames.filter((name) => name !== broken);
    return others.length === 0
      ? fc.constant(body)
      : fc
          .subarray(others, { maxLength: Math.min(2, others.length) })
          .chain((chosen) =>
            fc
              .tuple(...chosen.map(() => hostileString))
              .map((values) => chosen.reduce((acc, name, i) => withKey(acc, name, values[i]), body)),
          );
  };
  /** `base` with `name` set to a value from `values`, then sprinkled, as JSON text. */
  const breakField = (name: fc.Arbitrary<string>, values: (name: string) => fc.Arbitrary<unknown>) =>
    name.chain((field) =>
      values(field)
        .chain((value) => sprinkle(withKey(base, field, value), field))
        .map((body): RawBody => ({ text: toJsonText(body), contentType: 'application/json' })),
    );

  const extraKey = fc
    .oneof(fc.constantFrom(...EXTRA_KEYS), hostileString)
    .filter((key) => !names.includes(key));
  const extraValue = fc.oneof(
    hostileString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant({ admin: true }),
  );
  const options: Array<fc.Arbitrary<RawBody>> = [breakField(extraKey, () => extraValue)];
  if (names.length > 0) {
    const field = fc.constantFrom(...names);
    options.push(
      breakField(field, (name) => wrongTypeFor(fields[name])),
      breakField(field, () => deepValue),
    );
    const objectNames = names.filter((name) => fields[name].kind === 'object');
    if (objectNames.length > 0) {
      options.push(
        breakField(fc.constantFrom(...objectNames), () =>
          fc
            .constantFrom('__proto__', 'constructor', 'prototype')
            .map((key) => withKey({}, key, { polluted: true })),
        ),
      );
    }
  }
  if (stringNames.length > 0) {
    options.push(breakField(fc.constantFrom(...stringNames), (name) => tooLongFor(fields[name], hugeLength)));
  }
  options.push(
    fc
      .constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]', '{"a":', '{,}', '\u0000')
      .map((text) => ({ text, contentType: 'application/json' })),
    fc.constant({ text: toJsonText(base), contentType: 'text/plain' }),
  );
  return fc.oneof(...options);
}

/** Bearer headers that must all fail verification. */
export const badAuthorization: fc.Arbitrary<string> = fc.oneof(
  fc
    .string({ unit: 'binary-ascii', maxLength: 200 })
    .map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'a') || 'x'}`),
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'bearer null',
    'Bearer undefined',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'Bearer a.b.c',
    'Bearer ....',
  ),
  fc.string({ unit: 'binary-ascii', maxLength: 100 }).map((s) => s.replace(/[^\x20-\x7e]/g, ' ')),
);

// ---- the regression corpus ----

export interface CorpusEntry {
  target: string;
  /** Why it was kept (what the server did wrong). */
  note: string;
  [key: string]: unknown;
}

/** Counterexamples found by earlier runs: replayed on every run before any new payload is generated. */
export function loadCorpus(file: string): CorpusEntry[] {
  const path = join(__dirname, 'corpus', file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CorpusEntry[]) : [];
}

/** Adds a counterexample to the corpus (outside CI), so the next run replays it even after a fix. */
export function recordCounterexample(file: string, entry: CorpusEntry): void {
  if (process.env.CI === 'true') {
    return;
  }
  const path = join(__dirname, 'corpus', file);
  const corpus = loadCorpus(file);
  corpus.push(entry);
  writeFileSync(path, `${JSON.stringify(corpus, null, 2)}\n`);
}
