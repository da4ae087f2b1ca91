/**
 * Property tests for every schema src/protocol exports: whatever arrives
 * (junk of any type, `__proto__`/`constructor` keys, megabyte strings, deep
 * nesting, one field of a good message swapped for any of these), parsing
 * never throws, never pollutes a prototype, accepts only plain data, and a
 * refusal always names its fields the way the error envelope needs them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fieldErrors } from './errors.schema.js';
import { EventPayloadSchemas } from './events.schema.js';
import * as protocol from './index.js';

interface Parser {
  safeParse(value: unknown): { success: boolean; data?: unknown; error?: { issues: Parameters<typeof fieldErrors>[0] } };
}

const isParser = (value: unknown): value is Parser => typeof (value as Parser | null)?.safeParse === 'function';

/** Every schema the protocol exports, found by shape so a new one is fuzzed without touching this file. */
const SCHEMAS: [string, Parser][] = [
  ...Object.entries(protocol as Record<string, unknown>).filter((entry): entry is [string, Parser] => isParser(entry[1])),
  ...Object.entries(EventPayloadSchemas).map(([name, schema]): [string, Parser] => [`EventPayloadSchemas.${name}`, schema]),
];

const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJvcmRlcklkIjoibyJ9.c2ln';
const card = { number: '4242424242424242', expiry: '12/39', cvc: '123' };
const product = { id: 'lamp-1', name: { en: 'Lamp' }, description: { en: 'A lamp' }, price: { amount: 1999, currency: 'EUR' }, stock: 3 };

/** One accepted value per schema name, the base the mutations start from. */
const GOOD: Record<string, unknown> = {
  HelloMessageSchema: { sov: 'hello', protocol: 1, version: '0.1.0', channel: 'sov-1' },
  WidgetEventMessageSchema: { sov: 'event', name: 'product.viewed', payload: { productId: 'p-1', amount: 1, currency: 'EUR' } },
  ProductSchema: product,
  WidgetOrderRequestSchema: { quantity: 1, email: 'a@b.example', card },
  ServerOrderRequestSchema: { productId: 'lamp-1', quantity: 1, email: 'a@b.example', card },
  OrderResponseSchema: { orderId: 'ord_1', amount: 1999, currency: 'EUR', receipt: jws },
  ConversionRequestSchema: { orderId: 'ord_1', receipt: jws, token: '12345-test-123-12345' },
  ReceiptClaimsSchema: { orderId: 'o', partnerId: 'p', productId: 'x', amount: 1, currency: 'EUR', createdAt: '2026-01-01T00:00:00Z' },
  EmbedTokenRequestSchema: { productId: 'lamp-1', kind: 'checkout', locale: 'de', theme: { colorPrimary: '#0a7' } },
  PlatformEmbedTokenRequestSchema: { productId: 'lamp-1', kind: 'product', origin: 'https://shop.example' },
  EmbedTokenClaimsSchema: { sub: 'ptn_1', origin: 'https://shop.example', productId: 'p', kind: 'product', jti: 'emb_1', iat: 1, exp: 2 },
  EmbedTokenResponseSchema: { token: jws, expiresAt: '2026-01-01T00:00:00Z', embedUrl: 'http://127.0.0.1:5174/embed?token=x' },
  EmbedConfigSchema: { token: jws, origin: 'http://localhost:5173', productId: 'p', kind: 'product', apiBase: 'http://127.0.0.1:5174/embed/api' },
  ErrorEnvelopeSchema: { success: false, error: { code: 'NOT_FOUND', message: 'm', details: [{ field: 'f', message: 'm' }] } },
  FieldErrorSchema: { field: 'f', message: 'm' },
  LandingRequestSchema: { token: '12345-test-123-12345' },
  WebhookEventSchema: {
    id: 'evt_1',
    type: 'order.completed',
    createdAt: '2026-01-01T00:00:00Z',
    data: { orderId: 'o', partnerId: 'p', productId: 'x', amount: 1, currency: 'EUR', receipt: jws },
  },
  WidgetStateSchema: { view: 'product', kind: 'product', productId: 'p', locale: 'en' },
  ThemeSchema: { colorPrimary: '#0a7', radius: '4px' },
  LocalizedTextSchema: { en: 'x', de: 'y' },
  ProductListQuerySchema: { limit: '20' },
  SetLocaleArgsSchema: ['de'],
  SetThemeArgsSchema: [{ colorText: 'red' }],
  'EventPayloadSchemas.ready': { productId: 'p', kind: 'product', locale: 'en' },
  'EventPayloadSchemas.checkout.completed': { orderId: 'o', amount: 1, currency: 'EUR', receipt: jws },
  'EventPayloadSchemas.error': { code: 'TOKEN_EXPIRED', message: 'm' },
};

/** Schemas that drop or keep unknown keys on purpose (claims, envelopes, localized texts); all others refuse them. */
const NOT_STRICT = new Set(['ReceiptClaimsSchema', 'EmbedTokenClaimsSchema', 'ErrorEnvelopeSchema', 'LocalizedTextSchema']);

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/** JSON text with hostile keys, parsed the way every boundary parses (JSON.parse makes `__proto__` an own key). */
const hostileJson = fc
  .tuple(fc.constantFrom(...HOSTILE_KEYS), fc.anything({ maxDepth: 2 }), fc.constantFrom(...HOSTILE_KEYS))
  .map(([key, value, inner]) => JSON.parse(`{"${key}": {"${inner}": {"polluted": true}, "v": ${JSON.stringify(value ?? null)}}}`));

const huge = fc.constantFrom('x'.repeat(1_000_000), `${'a'.repeat(200_000)}.${'b'.repeat(200_000)}.c`, '\u0000'.repeat(100_000), '😀'.repeat(100_000));

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}
const deep = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean()).map(([depth, asArray]) => nested(depth, 'x', asArray));

const junk = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  hostileJson,
  huge,
  deep,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53, -1, 1.5, '', 'null', Symbol('s'), () => 1),
);

/** Every path to a value inside `value` (objects and arrays), the root included as []. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.keys(value).flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))];
}

function setAt(base: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<string, unknown>;
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), value);
  return copy;
}

/** A good value with one field replaced by junk, or with a hostile own key added next to it. */
function mutations(good: unknown): fc.Arbitrary<{ value: unknown; hostileKeyAt: string[] | null }> {
  const all = paths(good);
  const objectPaths = all.filter((p) => {
    const node = p.reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], good);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const replaced = fc.tuple(fc.constantFrom(...all), junk).map(([path, v]) => ({ value: setAt(good, path, v), hostileKeyAt: null }));
  if (!objectPaths.length) return replaced;
  const keyed = fc.tuple(fc.constantFrom(...objectPaths), fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([path, key]) => {
    const target = path.reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], good);
    // Through JSON, as over the wire: `__proto__` becomes an own key rather than setting the prototype.
    const withKey = JSON.parse(JSON.stringify(target).replace(/^\{/, `{"${key}":{"polluted":true},`).replace(',}', '}'));
    return { value: setAt(good, path, withKey), hostileKeyAt: [...path, key] };
  });
  return fc.oneof(replaced, keyed);
}

/**
 * Everything an accepted value holds is plain data: plain objects, arrays, strings, finite numbers,
 * booleans, null (undefined only where an optional field was absent). Iterative: junk may be 20,000 deep.
 */
function assertPlain(root: unknown): void {
  const stack: [unknown, string][] = [[root, '(root)']];
  while (stack.length) {
    const [value, where] = stack.pop() as [unknown, string];
    if (value === null || value === undefined || ['string', 'boolean'].includes(typeof value)) continue;
    if (typeof value === 'number') {
      assert.ok(Number.isFinite(value), `${where} is not finite`);
      continue;
    }
    assert.equal(typeof value, 'object', `${where} is a ${typeof value}`);
    const proto = Object.getPrototypeOf(value);
    assert.ok(proto === Object.prototype || proto === Array.prototype, `${where} has a foreign prototype`);
    for (const [key, child] of Object.entries(value as object)) {
      // An own `__proto__` key would set the prototype of whatever it is later Object.assign-ed into.
      assert.notEqual(key, '__proto__', `${where}.__proto__ survived parsing`);
      stack.push([child, `${where}.${key}`]);
    }
  }
}

function assertNoPollution(): void {
  for (const proto of [Object.prototype, Array.prototype, Function.prototype, String.prototype]) {
    assert.deepEqual(
      Object.getOwnPropertyNames(proto).filter((k) => k === 'polluted' || k === 'v'),
      [],
    );
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
}

/** Parse; the property fails if parsing throws, pollutes, accepts non-data, or refuses without naming a field. */
function parseSafely(schema: Parser, value: unknown): boolean {
  const result = schema.safeParse(value);
  assertNoPollution();
  if (result.success) {
    assertPlain(result.data);
    return true;
  }
  const details = fieldErrors(result.error?.issues ?? []);
  assert.ok(details.length > 0, 'a refusal names at least one field');
  for (const { field, message } of details) {
    assert.equal(typeof field, 'string');
    assert.ok(message.length <= 200, 'messages stay short');
  }
  // The envelope is JSON: a refusal must serialise whatever it met.
  JSON.stringify(details);
  return false;
}

describe('every protocol schema under hostile input', () => {
  it('finds the schemas (a renamed export would silently drop out of this suite)', () => {
    assert.ok(SCHEMAS.length >= 30, `only ${SCHEMAS.length} schemas found`);
    for (const name of Object.keys(GOOD)) assert.ok(SCHEMAS.some(([n]) => n === name), `${name} is no longer exported`);
  });

  for (const [name, schema] of SCHEMAS) {
    it(`${name}: junk of any shape never throws, pollutes or passes as non-data`, () => {
      fc.assert(
        fc.property(junk, (value) => {
          parseSafely(schema, value);
        }),
        { numRuns: 150 },
      );
    });

    const good = GOOD[name];
    if (good === undefined) continue;
    it(`${name}: a good value with one field swapped for junk or a hostile key is handled`, () => {
      assert.equal(parseSafely(schema, good), true, 'the good value is accepted');
      fc.assert(
        fc.property(mutations(good), ({ value, hostileKeyAt }) => {
          const accepted = parseSafely(schema, value);
          // A strict schema refuses any key it does not know, `__proto__` and `constructor` included.
          if (hostileKeyAt && !NOT_STRICT.has(name) && !name.startsWith('LocalizedText')) {
            const inLoose = name === 'ProductSchema' && ['name', 'description'].includes(hostileKeyAt[0]);
            if (!inLoose) assert.equal(accepted, false, `accepted ${hostileKeyAt.join('.')}`);
          }
        }),
        { numRuns: 250 },
      );
    });
  }
});
