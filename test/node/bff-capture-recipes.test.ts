import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { landingFromCookieHeader } from '../../src/bff/landing-cookie.js';
import { startFetchServer, startNodeServer } from '../../src/node/serve.js';
import { PRODUCT_ID, useRecipeEnvironment } from './bff-harness.js';

// The recipes read their configuration from the environment, as they would in a partner's project.
const env = useRecipeEnvironment();

/**
 * A visitor lands on the shop's page from an upstream link, as a browser without JavaScript would:
 * the page's own response carries the HttpOnly landing cookie, and nothing else about the page changes.
 * Answers the `name=value` pair the browser sends back.
 */
async function landsWithoutScript(base: string, token: string): Promise<string> {
  const plain = await fetch(`${base}/`, { redirect: 'manual' });
  const plainBody = await plain.text();
  assert.equal(plain.headers.get('set-cookie'), null, 'a page request without a landing is untouched');

  const landed = await fetch(`${base}/?utm_source=mail&sovReqToken=${token}&sovReqProductId=${PRODUCT_ID}&sovCouponCode=WELCOME10`, {
    redirect: 'manual',
  });
  assert.equal(landed.status, plain.status, 'no redirect, the page’s own status');
  assert.equal(await landed.text(), plainBody, 'the page body is unchanged');
  assert.equal(landed.headers.get('content-type'), plain.headers.get('content-type'));
  const cookies = landed.headers.getSetCookie();
  assert.equal(cookies.length, 1, cookies.join(' | '));
  assert.match(
    cookies[0],
    new RegExp(`^sov_landing=${token}\\.${PRODUCT_ID}\\.WELCOME10\\.\\d{10}; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax$`),
  );

  const forged = await fetch(`${base}/?sovReqToken=%3Cscript%3E`, { redirect: 'manual' });
  assert.equal(forged.headers.get('set-cookie'), null, 'an invalid token is ignored');
  assert.equal(await forged.text(), plainBody);

  const pair = cookies[0].split(';')[0];
  assert.equal(landingFromCookieHeader(pair)?.token, token);
  return pair;
}

/** The shop's own checkout, with the cookie the landing left: one conversion reaches the upstream, credited to the token. */
async function convertsOnce(base: string, cookie: string, token: string) {
  const checkout = await fetch(`${base}/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
  const answer = await checkout.json();
  assert.equal(answer.attributed, true, JSON.stringify(answer));
  assert.equal(answer.created, true);
  const conversion = await env.conversionFor(token);
  assert.equal(conversion?.acceptedCalls, 1);
}

describe('landing capture on page requests, in each recipe', () => {
  it('Express (src/bff/recipes/express-app.ts): app.use(bff.captureLanding)', async () => {
    const { createExpressShop } = await import('../../src/bff/recipes/express-app.js');
    const { app, bff } = createExpressShop();
    const server = await startNodeServer(app);
    try {
      const cookie = await landsWithoutScript(server.url, 'eeeee-test-eee-eeeee');
      await convertsOnce(server.url, cookie, 'eeeee-test-eee-eeeee');
    } finally {
      await server.close();
      await bff.close();
    }
  });

  it('plain Node http (src/bff/recipes/node-http-server.ts): bff.captureLanding(req, res) before the shop’s routes', async () => {
    const { createShopServer } = await import('../../src/bff/recipes/node-http-server.js');
    const shop = createShopServer();
    const server = await startNodeServer((req, res) => shop.server.emit('request', req, res));
    try {
      const cookie = await landsWithoutScript(server.url, 'fffff-test-fff-fffff');
      await convertsOnce(server.url, cookie, 'fffff-test-fff-fffff');
    } finally {
      await server.close();
      await shop.close();
    }
  });

  it('Hono (src/bff/recipes/hono-app.ts): a middleware that appends bff.captureLandingCookie(request)', async () => {
    const { createHonoShop } = await import('../../src/bff/recipes/hono-app.js');
    const { app, bff } = createHonoShop();
    const server = await startFetchServer((request, env) => app.fetch(request, env));
    try {
      const cookie = await landsWithoutScript(server.url, 'ggggg-test-ggg-ggggg');
      await convertsOnce(server.url, cookie, 'ggggg-test-ggg-ggggg');
    } finally {
      await server.close();
      await bff.close();
    }
  });

  it('Next.js middleware (src/bff/recipes/next-middleware.ts): withLandingCookie(request, NextResponse.next())', async () => {
    const recipe = await import('../../src/bff/recipes/next-middleware.js');
    assert.equal(recipe.config.runtime, 'nodejs');
    const matcher = new RegExp(`^${recipe.config.matcher[0]}$`);
    assert.ok(matcher.test('/product') && !matcher.test('/api/sov/landing') && !matcher.test('/_next/static/x.js'), 'pages only');
    // As Next.js runs it: the middleware first, on a matched path; its answer `NextResponse.next()` (a Response
    // marked x-middleware-next) lets the page render, and the middleware's Set-Cookie goes out with the page.
    const server = await startFetchServer(async (request) => {
      const page = new Response('<h1>My shop</h1>', { headers: { 'content-type': 'text/html' } });
      if (!matcher.test(new URL(request.url).pathname)) return page;
      const next = recipe.withLandingCookie(request, new Response(null, { headers: { 'x-middleware-next': '1' } }));
      for (const cookie of next.headers.getSetCookie()) page.headers.append('set-cookie', cookie);
      return page;
    });
    try {
      await landsWithoutScript(server.url, 'hhhhh-test-hhh-hhhhh');
    } finally {
      await server.close();
    }
  });
});
