/**
 * STAND-IN for the platform's widget API (`/embed/api/*`), used by the widget's
 * browser tests until the real platform (branch `platform`) can be started in
 * servers.ts. It follows the brief's contract: Bearer embed token,
 * `GET /embed/api/product` → ProductSchema, `POST /embed/api/orders` with
 * Idempotency-Key → 201 OrderResponseSchema, 402 CARD_DECLINED /
 * INSUFFICIENT_FUNDS for the sandbox cards, 400 VALIDATION_ERROR naming fields.
 *
 * Test hooks a real platform does not have: the token's payload segment names a
 * scenario (`t.<scenario>.<unique>`: `broken`, `flaky`, `garbage`, `reject-email`,
 * `no-stock`, `drop-order`; `POST /__heal?token=` ends a `drop-order`), CORS for any origin (the widget under test runs
 * on the test runner's origin, the real one is same-origin), and a log of
 * every request at `GET /__requests`.
 */
import { DEFAULTS, DEMO_PARTNER_ID } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/database.js';
import { Receipts } from '../../src/platform/receipts.js';
import { SigningKeys } from '../../src/platform/signing-keys.js';
import { sqliteSql } from '../../src/platform/sqlite-sql.js';
import { OrderResponseSchema, type Product, WidgetOrderRequestSchema } from '../../src/protocol/catalogue.schema.js';
import { errorEnvelope, fieldErrors } from '../../src/protocol/errors.schema.js';

export const STAND_IN_PRODUCT: Product = {
  id: 'lamp-1',
  name: { en: 'Desk lamp', de: 'Schreibtischlampe', ar: 'مصباح مكتب' },
  description: { en: 'A warm, dimmable desk lamp.', de: 'Eine warme, dimmbare Schreibtischlampe.' },
  price: { amount: 4900, currency: 'EUR' },
  stock: 7,
};

/**
 * Receipts come from the platform's own signer and key store (in memory here), so they are signed
 * exactly as the real platform signs them and verify against this stand-in's `/.well-known/jwks.json`
 * (test/node/platform-stand-in.test.ts proves it with the BFF's verifier).
 */
function receiptSigner() {
  const keys = new SigningKeys(sqliteSql(openDatabase(':memory:')), Date.now, DEFAULTS.receiptTtlSeconds * 1000);
  return { keys, receipts: new Receipts(keys, Date.now, DEFAULTS.receiptTtlSeconds) };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
  body: unknown;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { ...CORS, 'content-type': 'application/json' } });

/** What @hono/node-server passes as the second argument: the Node request, whose socket a `drop-order` run cuts. */
interface NodeBindings {
  incoming?: { socket?: { destroy(): void } };
}

export function createPlatformStandIn(): (request: Request, env?: NodeBindings) => Promise<Response> {
  const requests: RecordedRequest[] = [];
  const orders = new Map<string, { hash: string; status: number; body: unknown }>();
  const hits = new Map<string, number>();
  const healed = new Set<string>();
  let sequence = 0;
  const { keys, receipts } = receiptSigner();

  return async (request, env) => {
    const url = new URL(request.url);
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS });
    if (url.pathname === '/.well-known/jwks.json') {
      await keys.current();
      return json(200, await keys.jwks());
    }
    if (url.pathname === '/__requests') return json(200, requests);
    if (url.pathname === '/__heal') {
      healed.add(url.searchParams.get('token') ?? '');
      return json(200, { healed: true });
    }
    const text = request.method === 'POST' ? await request.text() : '';
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const authorization = request.headers.get('authorization');
    const idempotencyKey = request.headers.get('idempotency-key');
    requests.push({ method: request.method, path: url.pathname, authorization, idempotencyKey, body });

    const token = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]*)$/.exec(authorization ?? '');
    if (!token) return json(401, errorEnvelope('AUTHENTICATION_ERROR', 'A Bearer embed token is required'));
    const scenario = token[2];
    // Counted per whole token, so tests that share this server give each run its own signature segment.
    const hit = (hits.get(`${token[0]}${url.pathname}`) ?? 0) + 1;
    hits.set(`${token[0]}${url.pathname}`, hit);

    if (request.method === 'GET' && url.pathname === '/embed/api/product') {
      if (scenario === 'broken' || (scenario === 'flaky' && hit === 1))
        return json(503, errorEnvelope('INTERNAL_ERROR', 'Temporarily unavailable'));
      if (scenario === 'garbage') return json(200, { id: 'lamp-1', price: 'cheap' });
      return json(200, scenario === 'no-stock' ? { ...STAND_IN_PRODUCT, stock: 0 } : STAND_IN_PRODUCT);
    }

    if (request.method === 'POST' && url.pathname === '/embed/api/orders') {
      if (!idempotencyKey)
        return json(
          400,
          errorEnvelope('VALIDATION_ERROR', 'Idempotency-Key header is required', [{ field: 'Idempotency-Key', message: 'Required' }]),
        );
      // Replaying a key with the same body answers what the first request got.
      // `drop-order`: cut the connection (the browser sees a network error) until the test heals this token.
      if (scenario === 'drop-order' && !healed.has(`${token[1]}.${token[2]}.${token[3]}`)) {
        env?.incoming?.socket?.destroy();
        return new Response(null, { status: 204 });
      }
      const previous = orders.get(idempotencyKey);
      if (previous)
        return previous.hash === text
          ? json(previous.status, previous.body)
          : json(422, errorEnvelope('IDEMPOTENCY_KEY_REUSED', 'Key reused with another body'));
      const parsed = WidgetOrderRequestSchema.safeParse(body);
      let status: number;
      let answer: unknown;
      if (!parsed.success) [status, answer] = [400, errorEnvelope('VALIDATION_ERROR', 'Invalid order', fieldErrors(parsed.error.issues))];
      else if (scenario === 'reject-email')
        [status, answer] = [
          400,
          errorEnvelope('VALIDATION_ERROR', 'Invalid order', [{ field: 'email', message: 'Domain does not accept mail' }]),
        ];
      else if (parsed.data.card.number === '4000000000000002')
        [status, answer] = [402, errorEnvelope('CARD_DECLINED', 'Your card was declined.')];
      else if (parsed.data.card.number === '4000000000009995')
        [status, answer] = [402, errorEnvelope('INSUFFICIENT_FUNDS', 'Your card has insufficient funds.')];
      else {
        sequence += 1;
        const amount = STAND_IN_PRODUCT.price.amount * parsed.data.quantity;
        const orderId = `ord_${sequence}`;
        const receipt = await receipts.sign({
          orderId,
          partnerId: DEMO_PARTNER_ID,
          productId: STAND_IN_PRODUCT.id,
          amount,
          currency: 'EUR',
          createdAt: new Date().toISOString(),
          // No BFF bound a landing token to this stand-in's embed tokens: the real platform says null then.
          landingTokenHash: null,
        });
        [status, answer] = [201, OrderResponseSchema.parse({ orderId, amount, currency: 'EUR', receipt })];
      }
      orders.set(idempotencyKey, { hash: text, status, body: answer });
      return json(status, answer);
    }
    return json(404, errorEnvelope('NOT_FOUND', 'No such route'));
  };
}
