import type { OrderResponse, Product, WidgetOrderRequest } from '../src/protocol/catalogue.schema.js';
import type { FieldError } from '../src/protocol/errors.schema.js';
import { isErrorEnvelope, isOrderResponse, isProduct } from '../src/protocol/widget-guards.js';
import { IDEMPOTENCY_HEADER } from '../src/protocol/http.js';

/** What every call resolves to: never a throw, so a bad network or a bad answer is just another state. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string; details?: FieldError[] };

export interface ApiClient {
  getProduct(): Promise<ApiResult<Product>>;
  /** The key makes a retried request (same body after a network error) create at most one order. */
  createOrder(body: WidgetOrderRequest, idempotencyKey: string): Promise<ApiResult<OrderResponse>>;
}

export interface ApiClientOptions {
  /** Base URL of the platform's widget API, e.g. http://127.0.0.1:5174/embed/api */
  apiBase: string;
  /** The embed token, sent as a Bearer credential. */
  token: string;
  fetch?: typeof fetch;
}

/** A check of a response body (zod-free guards: widget-guards.ts). */
type Parser<T> = (value: unknown) => { ok: true; data: T } | { ok: false };

const byGuard =
  <T>(guard: (v: unknown) => v is T): Parser<T> =>
  (value) =>
    guard(value) ? { ok: true, data: value } : { ok: false };

/**
 * The widget's typed client for `GET {apiBase}/product` and `POST {apiBase}/orders`.
 * Responses are data from the network: each is parsed with its protocol schema
 * and refused as INVALID_RESPONSE if it does not match.
 */
export function createApiClient({ apiBase, token, fetch: fetchImpl = globalThis.fetch.bind(globalThis) }: ApiClientOptions): ApiClient {
  const base = apiBase.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

  async function call<T>(path: string, init: RequestInit, schema: Parser<T>): Promise<ApiResult<T>> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { ...init, credentials: 'omit', cache: 'no-store' });
    } catch {
      return { ok: false, status: 0, code: 'NETWORK_ERROR', message: 'The platform could not be reached.' };
    }
    const body = await response.json().catch(() => undefined);
    if (response.ok) {
      const parsed = schema(body);
      return parsed.ok ? { ok: true, data: parsed.data } : invalid(response.status);
    }
    if (!isErrorEnvelope(body)) return invalid(response.status);
    const { code, message, details } = body.error;
    return { ok: false, status: response.status, code, message, ...(details ? { details } : {}) };
  }

  return {
    getProduct: () => call('/product', { headers }, byGuard(isProduct)),
    createOrder: (body, idempotencyKey) =>
      call(
        '/orders',
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: idempotencyKey },
          body: JSON.stringify(body),
        },
        byGuard(isOrderResponse),
      ),
  };
}

function invalid(status: number): ApiResult<never> {
  return { ok: false, status, code: 'INVALID_RESPONSE', message: 'The platform sent an answer the widget does not understand.' };
}

/** A fresh idempotency key (IdSchema-compatible). crypto.randomUUID needs a secure context; fall back to random bytes. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
