import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OrderResponseSchema, ProductSchema } from './catalogue.schema.js';
import { EmbedConfigSchema } from './embed-token.schema.js';
import { ERROR_CODES } from './error-codes.js';
import { ErrorEnvelopeSchema } from './errors.schema.js';
import { CURRENCY_PATTERN, ID_PATTERN, JWS_PATTERN, LOCALE_PATTERN } from './patterns.js';
import { embedConfigProblems, isEmbedConfig, isErrorEnvelope, isOrderResponse, isProduct } from './widget-guards.js';

const RUNS = 2000;

const id = fc.stringMatching(ID_PATTERN);
const currency = fc.oneof(fc.stringMatching(CURRENCY_PATTERN), fc.string({ maxLength: 4 }));
const amount = fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: -5, max: 5 }), fc.double());
const text = fc.string({ maxLength: 520 });
const jws = fc.stringMatching(JWS_PATTERN);
const url = fc.oneof(fc.webUrl(), fc.string({ minLength: 2040, maxLength: 2060 }));
const localizedText = fc.oneof(
  fc.record({ en: text, de: fc.option(text, { nil: undefined }), fr: fc.oneof(text, fc.integer()) }, { requiredKeys: ['en'] }),
  fc.dictionary(fc.string({ maxLength: 6 }), text),
);
const product = fc.record(
  {
    id,
    name: localizedText,
    description: localizedText,
    price: fc.record({ amount, currency }),
    imageUrl: url,
    stock: fc.oneof(fc.nat(), fc.integer({ min: -3, max: 3 }), fc.constant(2 ** 60)),
  },
  { requiredKeys: ['id', 'name', 'description', 'price', 'stock'] },
);
const theme = fc.record({ colorPrimary: fc.constantFrom('#0a7', 'url(x)', 'red') }, { requiredKeys: [] });
const embedConfig = fc.record(
  {
    token: jws,
    origin: url,
    productId: id,
    kind: fc.constantFrom('product', 'checkout', 'modal'),
    locale: fc.oneof(fc.stringMatching(LOCALE_PATTERN), fc.string({ maxLength: 4 })),
    theme,
    apiBase: url,
    product,
    priceText: text,
  },
  { requiredKeys: ['token', 'origin', 'productId', 'kind', 'apiBase'] },
);
const order = fc.record({ orderId: id, amount, currency, receipt: jws });
const envelope = fc.record(
  {
    success: fc.constantFrom(false, true),
    error: fc.record(
      {
        code: fc.oneof(fc.constantFrom(...ERROR_CODES), fc.string()),
        message: text,
        details: fc.array(fc.oneof(fc.record({ field: fc.string(), message: text }), fc.record({ field: fc.string(), message: text, x: fc.nat() }))),
        extra: fc.anything(),
      },
      { requiredKeys: ['code', 'message'] },
    ),
    meta: fc.oneof(fc.record({ request_id: fc.oneof(fc.string(), fc.nat()) }, { requiredKeys: [] }), fc.constant(null)),
  },
  { requiredKeys: ['success', 'error'] },
);

/** Good values, the same values with one field replaced or one key added, and arbitrary junk. */
function variants(good: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const junk = fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true });
  const mutated = fc.tuple(good, fc.string({ maxLength: 12 }), junk).map(([value, key, replacement]) => {
    const keys = Object.keys(value);
    const target = keys.length && key.length % 2 === 0 ? keys[key.length % keys.length] : key;
    return { ...value, [target]: replacement };
  });
  const polluted = good.map((value) => JSON.parse(JSON.stringify({ ...value, ['__proto__']: { polluted: true } })));
  return fc.oneof(good, good, mutated, polluted, junk);
}

function agrees(guard: (v: unknown) => boolean, schema: { safeParse(v: unknown): { success: boolean } }, arbitrary: fc.Arbitrary<unknown>) {
  fc.assert(
    fc.property(arbitrary, (value) => {
      assert.equal(guard(value), schema.safeParse(value).success, JSON.stringify(value)?.slice(0, 300));
    }),
    { numRuns: RUNS },
  );
}

describe('widget guards accept exactly what their zod schemas accept', () => {
  it('isProduct ≡ ProductSchema', () => agrees(isProduct, ProductSchema, variants(product as fc.Arbitrary<Record<string, unknown>>)));
  it('isEmbedConfig ≡ EmbedConfigSchema', () => agrees(isEmbedConfig, EmbedConfigSchema, variants(embedConfig as fc.Arbitrary<Record<string, unknown>>)));
  it('isOrderResponse ≡ OrderResponseSchema', () => agrees(isOrderResponse, OrderResponseSchema, variants(order)));
  it('isErrorEnvelope ≡ ErrorEnvelopeSchema', () => agrees(isErrorEnvelope, ErrorEnvelopeSchema, variants(envelope as fc.Arbitrary<Record<string, unknown>>)));
  it('names the bad fields of an embed config as zod’s issue paths do', () => {
    fc.assert(
      fc.property(variants(embedConfig as fc.Arbitrary<Record<string, unknown>>), (value) => {
        const parsed = EmbedConfigSchema.safeParse(value);
        const zodFields = parsed.success ? [] : [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '(root)')))];
        assert.deepEqual(new Set(embedConfigProblems(value)), new Set(zodFields), JSON.stringify(value)?.slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  });
});
