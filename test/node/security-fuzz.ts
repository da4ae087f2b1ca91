/**
 * Shared pieces of the HTTP body fuzz tests (test/node/security-*-bodies.test.ts):
 * generated request bodies, and the check that an answer is either a success or
 * the documented error envelope with the code its status stands for.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorEnvelopeSchema } from '../../src/protocol/errors.schema.js';

/** The envelope code each refusal status stands for (docs/platform.md, docs/bff.md). */
export const CODE_FOR_STATUS: Record<number, readonly string[]> = {
  400: ['VALIDATION_ERROR'],
  401: ['AUTHENTICATION_ERROR'],
  402: ['CARD_DECLINED', 'INSUFFICIENT_FUNDS'],
  403: ['AUTHORIZATION_ERROR'],
  404: ['NOT_FOUND'],
  409: ['CONFLICT'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['VALIDATION_ERROR'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
  502: ['UPSTREAM_ERROR'],
};

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A JSON text with one field of `good` replaced by junk, or a hostile key put into one of its objects. */
function mutatedJson(good: Record<string, unknown>): fc.Arbitrary<string> {
  const leafPaths: string[][] = [];
  const objectPaths: string[][] = [[]];
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === 'object') {
      objectPaths.push(path);
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    } else leafPaths.push(path);
  };
  for (const [k, v] of Object.entries(good)) walk(v, [k]);
  const junk = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constantFrom('x'.repeat(20_000), -1, 0, 1e308, 1.5, true, null, [], {}, '<script>alert(1)</script>', '../../etc/passwd', '%00'),
  );
  const replaced = fc.tuple(fc.constantFrom(...leafPaths), junk).map(([path, value]) => {
    const copy = structuredClone(good) as Record<string, unknown>;
    let node = copy;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path.at(-1) as string] = value;
    return JSON.stringify(copy) ?? 'null';
  });
  // Text surgery, because building the object in JS would set a prototype instead of sending the key.
  const keyed = fc
    .tuple(fc.constantFrom(...objectPaths), fc.constantFrom(...HOSTILE_KEYS), fc.anything({ maxDepth: 1 }))
    .map(([path, key, value]) => {
      const marker = '"__sov_marker__":0';
      const copy = structuredClone(good) as Record<string, unknown>;
      let node = copy;
      for (const k of path) node = node[k] as Record<string, unknown>;
      node.__sov_marker__ = 0;
      return JSON.stringify(copy).replace(marker, `"${key}":{"polluted":true,"v":${JSON.stringify(value) ?? 'null'}}`);
    });
  return fc.oneof(replaced, keyed);
}

/** Text that is not the JSON object the route wants: junk values, broken JSON, deep nesting, odd bytes. */
const junkText = fc.oneof(
  fc.anything({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', '{', '{"a":', '[1,2', 'null', 'true', '"x"', '{}', '[]', '{"__proto__":{"polluted":true}}', '\uFEFF{}'),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
);

/** Bodies for a route whose good body is `good`: mostly near-misses of it, some junk, a few good ones. */
export function bodies(good: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: mutatedJson(good) },
    { weight: 3, arbitrary: junkText },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(good)) },
  );
}

/** Header values an attacker might send: empty, long, control characters stripped by fetch, look-alikes. */
export const headerJunk = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.constantFrom('', ' ', 'null', 'undefined', 'Bearer', 'Bearer ', 'Bearer a.b.c', 'x'.repeat(8000), '__proto__', 'constructor'),
);

/**
 * The answer is a success (2xx) or exactly the documented refusal: a status from
 * `allowed`, the envelope, the code for that status, fields named on 400, and
 * nothing that looks like a stack trace.
 */
export async function assertDocumented(response: Response, allowed: readonly number[], what: string): Promise<{ status: number; body: unknown }> {
  const text = await response.text();
  const status = response.status;
  assert.ok(allowed.includes(status), `${what}: status ${status} is not one of ${allowed.join(', ')}: ${text.slice(0, 300)}`);
  assert.doesNotMatch(text, /\n\s+at |node:internal|\.ts:\d+/, `${what}: looks like a stack trace`);
  if (status < 300) return { status, body: text ? JSON.parse(text) : null };
  const body = JSON.parse(text);
  const envelope = ErrorEnvelopeSchema.safeParse(body);
  assert.ok(envelope.success, `${what}: ${status} without the error envelope: ${text.slice(0, 300)}`);
  assert.ok(CODE_FOR_STATUS[status]?.includes(body.error.code), `${what}: ${status} came with code ${body.error.code}`);
  if (status === 400) assert.ok(body.error.details?.length, `${what}: a 400 names no field: ${text.slice(0, 300)}`);
  return { status, body };
}

/** Nothing got onto a shared prototype (the servers under test run in this process). */
export function assertNoPollution(): void {
  for (const proto of [Object.prototype, Array.prototype, Function.prototype]) {
    assert.deepEqual(
      Object.getOwnPropertyNames(proto).filter((name) => ['polluted', 'v', '__sov_marker__'].includes(name)),
      [],
    );
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

let counter = 0;
/** A fresh idempotency key, so generated orders never collide with one another. */
export const freshKey = () => `fuzz-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
