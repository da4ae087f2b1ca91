import type { Context } from 'hono';
import { isLandingToken } from '../protocol/landing-token.js';
import { acceptedBody, UPSTREAM_REFUSALS, UPSTREAM_TRANSIENT_BODIES, type UpstreamRefusalStatus } from '../protocol/upstream.js';
import { FAULT_STATUS, type FaultKind, type Faults, pickFault } from './faults.js';
import { json } from './responses.js';
import type { SandboxState } from './state.js';

export interface UpstreamDeps {
  /** productId → its API key. */
  products: ReadonlyMap<string, string>;
  state: SandboxState;
  faults: () => Faults;
  random: () => number;
  now: () => Date;
  /** How long a "timeout" holds the call: longer than the client waits. */
  holdMs: number;
  /** Waits ms, or less when the client went away or the sandbox closes. */
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The outcome the guide documents for a call without faults. */
type Verdict = { status: 200 | Extract<UpstreamRefusalStatus, 403 | 422>; body: unknown };

/**
 * Order of checks: the key is checked before the parameters, as an API
 * gateway does; a key that belongs to no product is 403, a known key with an
 * unknown product id or a malformed token is 422, a known product with
 * another product's key is 403.
 */
function judge(products: ReadonlyMap<string, string>, productId: string, token: string, apiKey: string | null): Verdict {
  const keys = new Set(products.values());
  if (apiKey === null || !keys.has(apiKey)) return { status: 403, body: UPSTREAM_REFUSALS[403].body };
  const expectedKey = products.get(productId);
  if (expectedKey === undefined || !isLandingToken(token)) return { status: 422, body: UPSTREAM_REFUSALS[422].body };
  if (expectedKey !== apiKey) return { status: 403, body: UPSTREAM_REFUSALS[403].body };
  return { status: 200, body: acceptedBody(productId, token) };
}

async function readApiKey(request: Request): Promise<string | null> {
  try {
    const body: unknown = JSON.parse(await request.text());
    if (body && typeof body === 'object' && 'apiKey' in body && typeof body.apiKey === 'string') return body.apiKey;
  } catch {
    // Not JSON: the same as a missing key.
  }
  return null;
}

/** `ANY /ext/:productId/:token/api`: only POST is the API call; any other method is 405. */
export async function upstreamCall(c: Context, deps: UpstreamDeps): Promise<Response> {
  const productId = c.req.param('productId') ?? '';
  const token = c.req.param('token') ?? '';
  const method = c.req.method;
  const path = new URL(c.req.url).pathname;
  const signal = c.req.raw.signal;
  const faults = deps.faults();
  if (faults.latencyMs > 0) await deps.wait(faults.latencyMs, signal);

  const log = (status: number, fault: FaultKind | null, accepted: boolean) =>
    deps.state.record({ at: deps.now().toISOString(), method, path, productId, token, status, fault, accepted });

  if (method !== 'POST') {
    log(405, null, false);
    return json(405, UPSTREAM_REFUSALS[405].body);
  }

  const fault = pickFault(faults, deps.random());
  if (fault === '500') {
    log(FAULT_STATUS[fault], fault, false);
    return json(FAULT_STATUS[fault], UPSTREAM_TRANSIENT_BODIES[FAULT_STATUS[fault]]);
  }
  if (fault === '429') {
    log(FAULT_STATUS[fault], fault, false);
    return json(FAULT_STATUS[fault], UPSTREAM_TRANSIENT_BODIES[FAULT_STATUS[fault]], { 'retry-after': String(faults.retryAfterSeconds) });
  }
  if (fault === 'timeout') {
    log(FAULT_STATUS[fault], fault, false);
    await deps.wait(deps.holdMs, signal);
    return json(FAULT_STATUS[fault], UPSTREAM_TRANSIENT_BODIES[FAULT_STATUS[fault]]);
  }

  const verdict = judge(deps.products, productId, token, await readApiKey(c.req.raw));
  if (verdict.status !== 200) {
    log(verdict.status, null, false);
    return json(verdict.status, verdict.body);
  }
  const answerLost = fault === 'timeoutAfterAccept';
  deps.state.accept(productId, token, deps.now(), answerLost);
  log(200, answerLost ? fault : null, true);
  // The conversion is recorded; the answer arrives only after the client gave up.
  if (answerLost) await deps.wait(deps.holdMs, signal);
  const note = faults.acceptedBodyNote;
  return json(200, note === undefined ? verdict.body : { ...(verdict.body as object), note });
}
