import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WidgetEventMessageSchema } from './events.schema.js';
import { isHelloMessage, isLocale, isTheme, isWidgetEventMessage } from './guards.js';
import { HelloMessageSchema } from './handshake.schema.js';
import { isLandingToken, LANDING_TOKEN_PATTERN } from './landing-token.js';
import { LandingTokenSchema } from './landing-token.schema.js';
import { CODE_PATTERN, CURRENCY_PATTERN, ID_PATTERN, JWS_PATTERN, LOCALE_PATTERN } from './patterns.js';
import { LocaleSchema, ThemeSchema } from './primitives.schema.js';

const RUNS = 2000;

const id = fc.stringMatching(ID_PATTERN);
const code = fc.stringMatching(CODE_PATTERN);
const currency = fc.stringMatching(CURRENCY_PATTERN);
const locale = fc.stringMatching(LOCALE_PATTERN);
const amount = fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: -5, max: 5 }));
const text = fc.string({ maxLength: 520 });
const jws = fc.stringMatching(JWS_PATTERN);
// CSS_VALUE_PATTERN's lookahead is beyond stringMatching; generate its character class and let url( appear by chance.
const cssLike = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 #%.,()'"-]{1,100}$/), fc.constant('URL(x)'), fc.constant('#0a7'));

const payloads = {
  ready: fc.record({ productId: id, kind: fc.constantFrom('product', 'checkout', 'modal'), locale }),
  resize: fc.record({ height: fc.oneof(fc.integer({ min: -10, max: 20_010 }), fc.double()) }),
  'product.viewed': fc.record({ productId: id, amount, currency }),
  'checkout.started': fc.record({ productId: id, quantity: fc.integer({ min: -1, max: 101 }) }),
  'checkout.completed': fc.record({ orderId: id, amount, currency, receipt: jws }),
  'checkout.failed': fc.record({ code, reason: text }),
  error: fc.record({ code, message: text }),
  close: fc.constant({}),
};
const eventMessage = fc.oneof(
  ...Object.entries(payloads).map(([name, payload]) => fc.record({ sov: fc.constant('event'), name: fc.constant(name), payload })),
);
const hello = fc.record({
  sov: fc.constant('hello'),
  protocol: fc.constantFrom(1, 2),
  version: fc.oneof(fc.constant('0.1.0'), fc.stringMatching(/^\d+\.\d+\.\d+$/), fc.string()),
  channel: id,
});
const theme = fc.record(
  {
    colorPrimary: fc.oneof(cssLike, fc.string()),
    colorText: cssLike,
    fontFamily: fc.oneof(cssLike, fc.constant('url(x)')),
    radius: fc.constant(undefined),
  },
  { requiredKeys: [] },
);

/** Good values, the same values with one field replaced or one key added, and arbitrary junk. */
function variants(good: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const junk = fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true });
  const mutated = fc.tuple(good, fc.string({ maxLength: 12 }), junk).map(([value, key, replacement]) => {
    const keys = Object.keys(value);
    const target = keys.length && key.length % 2 === 0 ? keys[key.length % keys.length] : key;
    return { ...value, [target]: replacement };
  });
  const deep = fc.tuple(good, junk).map(([value, replacement]) =>
    'payload' in value ? { ...value, payload: { ...(value.payload as object), [Object.keys(value.payload as object)[0] ?? 'x']: replacement } } : value,
  );
  const polluted = good.map((value) => JSON.parse(JSON.stringify({ ...value, ['__proto__']: { polluted: true } })));
  return fc.oneof(good, mutated, deep, polluted, junk);
}

function agrees(guard: (v: unknown) => boolean, schema: { safeParse(v: unknown): { success: boolean } }, arbitrary: fc.Arbitrary<unknown>) {
  fc.assert(
    fc.property(arbitrary, (value) => {
      assert.equal(guard(value), schema.safeParse(value).success, JSON.stringify(value)?.slice(0, 200));
    }),
    { numRuns: RUNS },
  );
}

describe('guards accept exactly what their zod schemas accept', () => {
  it('isHelloMessage ≡ HelloMessageSchema', () => agrees(isHelloMessage, HelloMessageSchema, variants(hello)));
  it('isWidgetEventMessage ≡ WidgetEventMessageSchema', () =>
    agrees(isWidgetEventMessage, WidgetEventMessageSchema, variants(eventMessage as fc.Arbitrary<Record<string, unknown>>)));
  it('isTheme ≡ ThemeSchema', () => agrees(isTheme, ThemeSchema, variants(theme as fc.Arbitrary<Record<string, unknown>>)));
  it('isLocale ≡ LocaleSchema', () => agrees(isLocale, LocaleSchema, fc.oneof(locale, fc.string(), fc.anything())));
  it('isLandingToken ≡ LandingTokenSchema', () =>
    agrees(isLandingToken, LandingTokenSchema, fc.oneof(fc.stringMatching(LANDING_TOKEN_PATTERN), fc.string(), fc.anything())));
  it('no guard pollutes Object.prototype', () => {
    isHelloMessage(JSON.parse('{"__proto__":{"polluted":1}}'));
    isWidgetEventMessage(JSON.parse('{"sov":"event","name":"__proto__","payload":{"__proto__":{"polluted":1}}}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
