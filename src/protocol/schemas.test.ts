import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OrderResponseSchema, ProductSchema, WidgetOrderRequestSchema } from './catalogue.schema.js';
import { ConversionRequestSchema, ReceiptClaimsSchema } from './conversion.schema.js';
import {
  EmbedConfigSchema,
  EmbedTokenClaimsSchema,
  EmbedTokenRequestSchema,
  EmbedTokenResponseSchema,
  PlatformEmbedTokenRequestSchema,
} from './embed-token.schema.js';
import { ErrorEnvelopeSchema, errorEnvelope, fieldErrors } from './errors.schema.js';
import { WidgetEventMessageSchema } from './events.schema.js';
import { HelloMessageSchema } from './handshake.schema.js';
import { LandingRequestSchema } from './landing-token.schema.js';
import { ThemeSchema } from './primitives.schema.js';
import { WebhookEventSchema } from './webhook.schema.js';
import { WidgetStateSchema } from './widget-api.schema.js';

interface SafeParser {
  safeParse(value: unknown): { success: boolean; error?: { issues: Parameters<typeof fieldErrors>[0] } };
}

/** Set `value` at a dotted path inside a deep copy of `base`. */
function withField(base: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1) as string] = value;
  return copy;
}

const receipt = 'eyJhbGciOiJFUzI1NiJ9.eyJvcmRlcklkIjoibyJ9.c2ln';

/** Each schema: one good message, and malformed values for each field, named by path. */
const cases: { name: string; schema: SafeParser; good: unknown; bad: [string, unknown][] }[] = [
  {
    name: 'hello',
    schema: HelloMessageSchema,
    good: { sov: 'hello', protocol: 1, version: '0.1.0', channel: 'w-1' },
    bad: [
      ['sov', 'helo'],
      ['protocol', 2],
      ['version', 'latest'],
      ['channel', ''],
      ['channel', 'a b'],
    ],
  },
  ...(
    [
      ['ready', { productId: 'p-1', kind: 'product', locale: 'de' }, [['payload.kind', 'cart'], ['payload.locale', 'Deutsch'], ['payload.productId', '../x']]],
      ['resize', { height: 420 }, [['payload.height', -1], ['payload.height', 1.5], ['payload.height', '420'], ['payload.height', 20_001]]],
      ['product.viewed', { productId: 'p-1', amount: 1999, currency: 'EUR' }, [['payload.amount', -5], ['payload.currency', 'eur']]],
      ['checkout.started', { productId: 'p-1', quantity: 1 }, [['payload.quantity', 0], ['payload.quantity', 100]]],
      [
        'checkout.completed',
        { orderId: 'ord_1', amount: 1999, currency: 'EUR', receipt },
        [['payload.orderId', ''], ['payload.receipt', 'not-a-jws'], ['payload.receipt', `${receipt}${'a'.repeat(5000)}`]],
      ],
      ['checkout.failed', { code: 'CARD_DECLINED', reason: 'Your card was declined.' }, [['payload.code', 'declined'], ['payload.reason', 'x'.repeat(501)]]],
      ['error', { code: 'HANDSHAKE_TIMEOUT', message: 'No hello' }, [['payload.code', 42], ['payload.message', null]]],
      ['close', {}, [['payload.reason', 'user']]],
    ] as const
  ).map(([name, payload, bad]) => ({
    name: `event ${name}`,
    schema: WidgetEventMessageSchema,
    good: { sov: 'event', name, payload },
    bad: [['sov', 'hello'], ...bad] as [string, unknown][],
  })),
  {
    name: 'embed-token request',
    schema: EmbedTokenRequestSchema,
    good: { productId: 'p-1', kind: 'checkout', locale: 'ar', theme: { colorPrimary: '#0a7' } },
    bad: [
      ['productId', 7],
      ['kind', 'modal'],
      ['locale', 'xx_YY'],
      ['theme.colorPrimary', 'red;background:url(x)'],
      ['theme.radius', 'url(https://evil)'],
    ],
  },
  {
    name: 'platform embed-token request',
    schema: PlatformEmbedTokenRequestSchema,
    good: { productId: 'p-1', kind: 'product', origin: 'http://localhost:5173' },
    bad: [
      ['origin', 'javascript:alert(1)'],
      ['origin', 'localhost'],
    ],
  },
  {
    name: 'embed-token claims',
    schema: EmbedTokenClaimsSchema,
    good: { sub: 'partner_1', origin: 'http://localhost:5173', productId: 'p-1', kind: 'product', jti: 'j1', iat: 1, exp: 601 },
    bad: [
      ['exp', '601'],
      ['jti', ''],
      ['sub', null],
    ],
  },
  {
    name: 'embed-token response',
    schema: EmbedTokenResponseSchema,
    good: { token: receipt, expiresAt: '2026-11-26T12:00:00Z', embedUrl: 'http://127.0.0.1:5174/embed?token=x' },
    bad: [
      ['token', 'x'],
      ['expiresAt', 'tomorrow'],
      ['embedUrl', 'data:text/html,hi'],
    ],
  },
  {
    name: 'conversion request',
    schema: ConversionRequestSchema,
    good: { orderId: 'ord_1', receipt, token: '12345-test-123-12345' },
    bad: [
      ['orderId', ''],
      ['orderId', 'x'.repeat(129)],
      ['receipt', 5],
      ['token', '12345-test-123-1234'],
    ],
  },
  {
    name: 'receipt claims',
    schema: ReceiptClaimsSchema,
    good: { orderId: 'ord_1', partnerId: 'partner_1', productId: 'p-1', amount: 1999, currency: 'EUR', createdAt: '2026-11-26T12:00:00.000Z' },
    bad: [
      ['amount', 19.99],
      ['createdAt', 'now'],
    ],
  },
  {
    name: 'landing request',
    schema: LandingRequestSchema,
    good: { token: '12345-test-123-12345' },
    bad: [['token', '<script>']],
  },
  {
    name: 'theme',
    schema: ThemeSchema,
    good: { colorPrimary: 'rgb(0, 100, 200)', fontFamily: '"Inter", sans-serif', radius: '8px' },
    bad: [['fontFamily', 'a{}'], ['colorText', '']],
  },
  {
    name: 'widget state',
    schema: WidgetStateSchema,
    good: { view: 'success', kind: 'checkout', productId: 'p-1', locale: 'en' },
    bad: [['view', 'sleeping']],
  },
  {
    name: 'product',
    schema: ProductSchema,
    good: {
      id: 'lamp-1',
      name: { en: 'Lamp', de: 'Lampe', ar: 'مصباح' },
      description: { en: 'A lamp' },
      price: { amount: 4900, currency: 'EUR' },
      stock: 3,
    },
    bad: [
      ['name.en', 5],
      ['price.currency', 'euro'],
      ['stock', -1],
    ],
  },
  {
    name: 'widget order request',
    schema: WidgetOrderRequestSchema,
    good: { quantity: 2, email: 'buyer@example.com', card: { number: '4242424242424242', expiry: '12/30', cvc: '123' } },
    bad: [
      ['email', 'buyer'],
      ['card.number', '4242 4242'],
      ['card.expiry', '13/30'],
      ['card.cvc', '12'],
      ['quantity', 0],
    ],
  },
  {
    name: 'order response',
    schema: OrderResponseSchema,
    good: { orderId: 'ord_1', amount: 9800, currency: 'EUR', receipt },
    bad: [['receipt', '']],
  },
  {
    name: 'webhook event',
    schema: WebhookEventSchema,
    good: {
      id: 'wh_1',
      type: 'order.completed',
      createdAt: '2026-11-26T12:00:00Z',
      data: { orderId: 'ord_1', partnerId: 'partner_1', productId: 'lamp-1', amount: 9800, currency: 'EUR', receipt },
    },
    bad: [
      ['type', 'order.exploded'],
      ['data.orderId', ''],
    ],
  },
  {
    name: 'embed config',
    schema: EmbedConfigSchema,
    good: { token: receipt, origin: 'http://localhost:5173', productId: 'lamp-1', kind: 'product', apiBase: 'http://127.0.0.1:5174/embed/api' },
    bad: [['kind', 'popup']],
  },
  {
    name: 'embed config with its product inlined',
    schema: EmbedConfigSchema,
    good: {
      token: receipt,
      origin: 'http://localhost:5173',
      productId: 'lamp-1',
      kind: 'product',
      apiBase: 'http://127.0.0.1:5174/embed/api',
      product: { id: 'lamp-1', name: { en: 'Lamp' }, description: { en: 'A lamp' }, price: { amount: 4900, currency: 'EUR' }, stock: 3 },
      priceText: '€49.00',
    },
    bad: [
      ['priceText', 49],
      ['priceText', 'x'.repeat(5000)],
      ['product.price.currency', 'euro'],
      ['product.stock', -1],
      ['product', 'lamp-1'],
    ],
  },
  {
    name: 'error envelope',
    schema: ErrorEnvelopeSchema,
    good: errorEnvelope('VALIDATION_ERROR', 'Invalid request', [{ field: 'productId', message: 'Required' }]),
    bad: [
      ['success', true],
      ['error.code', 'TEAPOT'],
      ['error.details', 'oops'],
    ],
  },
];

describe('protocol schemas', () => {
  for (const { name, schema, good, bad } of cases) {
    describe(name, () => {
      it('accepts a good message', () => {
        const result = schema.safeParse(good);
        assert.equal(result.success, true, JSON.stringify(result.error?.issues));
      });

      for (const [path, value] of bad) {
        it(`rejects ${path} = ${JSON.stringify(value)?.slice(0, 30)} and names the field`, () => {
          const result = schema.safeParse(withField(good, path, value));
          assert.equal(result.success, false);
          const fields = fieldErrors(result.error?.issues ?? []).map((f) => f.field);
          assert.ok(fields.includes(path), `expected ${path} among ${JSON.stringify(fields)}`);
        });
      }

      if (name !== 'error envelope' && name !== 'receipt claims' && name !== 'embed-token claims') {
        it('rejects an unknown field, naming it', () => {
          const result = schema.safeParse({ ...(good as object), isAdmin: true });
          assert.equal(result.success, false);
          assert.deepEqual(
            fieldErrors(result.error?.issues ?? []).map((f) => f.field),
            ['isAdmin'],
          );
        });
      }
    });
  }

  it('refuses a __proto__ key instead of copying it', () => {
    const result = HelloMessageSchema.safeParse(JSON.parse('{"sov":"hello","protocol":1,"version":"0.1.0","channel":"c","__proto__":{"polluted":true}}'));
    assert.equal(result.success, false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('errorEnvelope builds the documented shape', () => {
    assert.deepEqual(errorEnvelope('NOT_FOUND', 'No such order'), {
      success: false,
      error: { code: 'NOT_FOUND', message: 'No such order' },
    });
  });
});
