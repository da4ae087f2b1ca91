/**
 * The browser tests' stand-in BFF (test/browser/host-test-bff.ts) must answer
 * like the real one (src/bff), or the host SDK's tests pass against a BFF that
 * does not exist. The same requests go to both; status and body shape (keys
 * and value types, not values) must match.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSovBff, type SovBff } from '../../src/bff/index.js';
import { captureLog, SHOP_ORIGIN, testConfig } from '../../src/bff/test-config.js';
import { createTestBff } from '../browser/host-test-bff.js';

/** Keys and value types, recursively: what a client can rely on, whatever the values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  }
  return value === null ? 'null' : typeof value;
}

interface Call {
  what: string;
  method: string;
  path: string;
  body?: unknown;
  key?: string;
  cookie?: string;
}

const TOKEN = 'Ab12C-dE34f-g56-H78iJ';
const CALLS: Call[] = [
  { what: 'a malformed landing token', method: 'POST', path: '/landing', body: { token: 'nope' } },
  { what: 'a landing token', method: 'POST', path: '/landing', body: { token: TOKEN } },
  { what: 'a conversion without a landing cookie', method: 'POST', path: '/conversions', body: { orderId: 'ord-a' }, key: 'ord-a' },
  { what: 'a conversion with the landing cookie', method: 'POST', path: '/conversions', body: { orderId: 'ord-b' }, key: 'ord-b', cookie: TOKEN },
  { what: 'a conversion with a malformed orderId', method: 'POST', path: '/conversions', body: { orderId: 5 }, key: 'ord-c' },
  { what: 'forgetting the landing token', method: 'DELETE', path: '/landing' },
];

async function answer(fetch: (r: Request) => Response | Promise<Response>, base: string, call: Call) {
  const headers: Record<string, string> = { origin: SHOP_ORIGIN };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.key) headers['idempotency-key'] = call.key;
  if (call.cookie) headers.cookie = `sov_landing=${call.cookie}`;
  const response = await fetch(
    new Request(`${base}${call.path}`, { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) }),
  );
  const text = await response.text();
  return { status: response.status, shape: text ? shape(JSON.parse(text)) : 'empty' };
}

describe('the stand-in BFF of the browser tests answers like the real BFF', () => {
  let real: SovBff;
  before(async () => {
    // A shop whose own checkout took ord-a and ord-b: receipt-less reports stand on its verifyOrder.
    real = createSovBff(testConfig(), { logDestination: captureLog().stream, verifyOrder: (orderId) => ['ord-a', 'ord-b'].includes(orderId) });
    await real.ready();
  });
  after(() => real.close());

  it('for each request: the same status and the same body shape', async () => {
    const standIn = createTestBff();
    for (const call of CALLS) {
      const fromReal = await answer(real.fetch, `http://bff.test${real.basePath}`, call);
      const fromStandIn = await answer((r) => standIn.fetch(r), 'http://bff.test/t/contract', call);
      assert.deepEqual(fromStandIn, fromReal, `${call.what}: the stand-in answers differently`);
    }
  });
});
