/**
 * A small recording BFF for the host SDK's browser tests. It follows the BFF
 * contract of the brief for `/embed-tokens`, `/landing` and `/conversions`,
 * and records what it received so tests can assert on it. The real BFF
 * (src/bff) replaces it in the e2e layer.
 *
 * Every test works in its own namespace, `{url}/t/{ns}`, used as the SDK's
 * `bff` option: its own records, its own faults and its own cookie path, so
 * test files running side by side never see each other's rows.
 *
 * It runs on localhost, the test page's host, on another port: the SDK calls
 * it with credentials and it answers CORS for the calling origin, and its
 * `sov_landing` cookie is first-party for the page (cookies ignore ports).
 */
import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { ConversionRequestSchema } from '../../src/protocol/conversion.schema.js';
import { EmbedTokenRequestSchema } from '../../src/protocol/embed-token.schema.js';
import { errorEnvelope, fieldErrors } from '../../src/protocol/errors.schema.js';
import { IDEMPOTENCY_HEADER, LANDING_COOKIE, LANDING_TTL_SECONDS } from '../../src/protocol/http.js';
import { isTestToken } from '../../src/protocol/landing-token.js';
import { LandingRequestSchema } from '../../src/protocol/landing-token.schema.js';

export interface Control {
  /** Extra query for the widget fixture's URL, e.g. `hello=manual`. */
  widget?: string;
  /** Widget fixture page (under /test/fixtures/ on the platform origin). */
  page?: string;
  /** `fail`: 502; `platform`: a real embed token from the real platform (test/browser/widget-platform.ts), for the real widget. */
  embed?: 'fail' | 'platform';
  /** `down`: the connection is dropped; `fail`: 503; `reject`: 400; `408`, `429`: that status, to be retried. */
  conversions?: 'down' | 'fail' | 'reject' | '408' | '429';
  /**
   * What GET /landing answers: the landing the shop's server captured on the page request (LandingFacts), as the real BFF's capture would.
   * DELETE /landing forgets it, as the real BFF's cookie goes.
   */
  kept?: unknown;
}

interface Space {
  control: Control;
  embedTokens: unknown[];
  landing: { method: string; token?: string; productId?: string; couponCode?: string; ttlSeconds?: number }[];
  /** How many times GET /landing was asked. */
  landingGets: number;
  /** One row per accepted conversion (deduplicated by Idempotency-Key, as the real BFF does). */
  rows: { orderId: string; receipt?: string; key: string; landingToken: string | null }[];
  /** Every POST /conversions that reached the server, including dropped and refused ones. */
  attempts: { orderId?: string; key?: string; outcome: string }[];
}

/**
 * This namespace's landing cookie. Cookies ignore ports, so the real BFF's
 * `sov_landing` (Path=/, set in host-consent.test.ts) can ride along with ours:
 * only a value this namespace set counts.
 */
function ownCookie(cookieHeader: string | undefined, s: Space): string | null {
  const set = new Set(s.landing.map((l) => l.token));
  const values = (cookieHeader ?? '').split(/;\s*/).map((pair) => pair.split('='));
  return values.find(([name, value]) => name === LANDING_COOKIE && set.has(value))?.[1] ?? null;
}

/** `platformTokens`: the real platform's token minter (widget-platform.ts), for `embed: 'platform'`. */
export function createTestBff(options: { platformTokens?: string } = {}): Hono<{ Bindings: HttpBindings }> {
  const spaces = new Map<string, Space>();
  const space = (ns: string) => {
    const s = spaces.get(ns) ?? { control: {}, embedTokens: [], landing: [], landingGets: 0, rows: [], attempts: [] };
    spaces.set(ns, s);
    return s;
  };
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.use(async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'access-control-allow-origin': origin ?? '*',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': `content-type, ${IDEMPOTENCY_HEADER}`,
        'access-control-max-age': '0',
      });
    }
    await next();
    if (origin) {
      c.header('access-control-allow-origin', origin);
      c.header('access-control-allow-credentials', 'true');
    }
  });

  app.post('/t/:ns/__control', async (c) => {
    Object.assign(space(c.req.param('ns')).control, await c.req.json());
    return c.json({ ok: true });
  });
  app.get('/t/:ns/__received', (c) => {
    const { control, ...received } = space(c.req.param('ns'));
    return c.json(received);
  });
  app.get('/t/:ns/__cookie', (c) => c.json({ token: ownCookie(c.req.header('cookie'), space(c.req.param('ns'))) }));

  app.post('/t/:ns/embed-tokens', async (c) => {
    const s = space(c.req.param('ns'));
    const parsed = EmbedTokenRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json(errorEnvelope('VALIDATION_ERROR', 'Invalid embed-token request', fieldErrors(parsed.error.issues)), 400);
    s.embedTokens.push(parsed.data);
    if (s.control.embed === 'fail') return c.json(errorEnvelope('UPSTREAM_ERROR', 'platform unavailable'), 502);
    const origin = c.req.header('origin') ?? '';
    if (s.control.embed === 'platform' && options.platformTokens) {
      // As the real BFF does: the platform mints the token for the page's origin; its answer goes back as is.
      const minted = await fetch(options.platformTokens, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...parsed.data, origin }),
      });
      return c.body(await minted.text(), minted.status as 201, { 'content-type': 'application/json' });
    }
    // The platform is the test page's server under its other host name: a real second origin.
    const platform = new URL(origin);
    platform.hostname = platform.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const { productId, kind, locale } = parsed.data;
    const query = new URLSearchParams({ parent: origin, productId, kind, locale: locale ?? 'en', n: String(s.embedTokens.length) });
    const embedUrl = `${platform.origin}/test/fixtures/${s.control.page ?? 'host-widget.html'}?${query}&${s.control.widget ?? ''}`;
    return c.json(
      { token: 'eyJhbGciOiJFUzI1NiJ9.eyJ0ZXN0Ijp0cnVlfQ.c2ln', expiresAt: new Date(Date.now() + 600_000).toISOString(), embedUrl },
      201,
    );
  });

  app.post('/t/:ns/landing', async (c) => {
    const ns = c.req.param('ns');
    const parsed = LandingRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json(errorEnvelope('VALIDATION_ERROR', 'Invalid landing token', fieldErrors(parsed.error.issues)), 400);
    space(ns).landing.push({ method: 'POST', ...parsed.data });
    const ttlSeconds = parsed.data.ttlSeconds ?? LANDING_TTL_SECONDS;
    c.header('set-cookie', `${LANDING_COOKIE}=${parsed.data.token}; HttpOnly; SameSite=Lax; Path=/t/${ns}; Max-Age=${ttlSeconds}`);
    // The real BFF's answer (test/node/stand-in-bff-contract.test.ts keeps the two alike).
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
    return c.json({ stored: true, isTest: isTestToken(parsed.data.token), expiresAt }, 200);
  });
  app.get('/t/:ns/landing', (c) => {
    const s = space(c.req.param('ns'));
    s.landingGets++;
    return c.json({ landing: s.control.kept ?? null });
  });
  app.delete('/t/:ns/landing', (c) => {
    const ns = c.req.param('ns');
    space(ns).landing.push({ method: 'DELETE' });
    delete space(ns).control.kept;
    c.header('set-cookie', `${LANDING_COOKIE}=; HttpOnly; SameSite=Lax; Path=/t/${ns}; Max-Age=0`);
    return c.body(null, 204);
  });

  app.post('/t/:ns/conversions', async (c) => {
    const s = space(c.req.param('ns'));
    const key = c.req.header(IDEMPOTENCY_HEADER);
    const body = await c.req.json().catch(() => null);
    const orderId = typeof body?.orderId === 'string' ? body.orderId : undefined;
    if (s.control.conversions === 'down') {
      s.attempts.push({ orderId, key, outcome: 'dropped' });
      c.env.incoming.socket.destroy(); // the BFF is unreachable: the browser sees a network error
      return c.body(null, 503);
    }
    if (s.control.conversions === 'fail') {
      s.attempts.push({ orderId, key, outcome: '503' });
      return c.json(errorEnvelope('INTERNAL_ERROR', 'try later'), 503);
    }
    if (s.control.conversions === '408' || s.control.conversions === '429') {
      s.attempts.push({ orderId, key, outcome: s.control.conversions });
      if (s.control.conversions === '408') return c.json(errorEnvelope('UPSTREAM_ERROR', 'request timeout: try again'), 408);
      return c.json(errorEnvelope('RATE_LIMITED', 'too many requests'), 429, { 'retry-after': '1' });
    }
    const parsed = ConversionRequestSchema.safeParse(body);
    if (!parsed.success || !key || s.control.conversions === 'reject') {
      s.attempts.push({ orderId, key, outcome: '400' });
      return c.json(errorEnvelope('VALIDATION_ERROR', 'Invalid conversion', parsed.success ? [] : fieldErrors(parsed.error.issues)), 400);
    }
    const landingToken = ownCookie(c.req.header('cookie'), s);
    s.attempts.push({ orderId, key, outcome: landingToken ? '202' : '200' });
    // Recorded either way (tests assert on what the SDK sent); answered as the real BFF answers.
    if (!s.rows.some((r) => r.key === key)) s.rows.push({ orderId: parsed.data.orderId, receipt: parsed.data.receipt, key, landingToken });
    return landingToken
      ? c.json({ attributed: true, orderId: parsed.data.orderId }, 202)
      : c.json({ attributed: false, orderId: parsed.data.orderId }, 200);
  });

  return app;
}
