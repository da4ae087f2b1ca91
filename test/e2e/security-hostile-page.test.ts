import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { CARDS, landingCookieSet, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

// Script on the shop's own page is the attacker here: it can call SovEmbed, read every event the
// widget sends and call the BFF with the page's own Origin and cookies. Chromium, real servers.

describe('hostile page script (Chromium, the demo stack)', () => {
  const t = useTestStack();

  it('SovEmbed.reportConversion({orderId}) and a direct POST for orders the shop never took reach no upstream', { timeout: 60_000 }, async () => {
    const landed = '31313-test-313-31313';
    const { context, page } = await visit(t.browser, `${t.stack.urls.shop}/?sovReqToken=${landed}`);
    await landingCookieSet(context, t.stack.urls.shop);
    const outcome = await page.evaluate(async () => {
      const sdk = window.SovEmbed as NonNullable<typeof window.SovEmbed>;
      const rejected = new Promise<string>((resolve) =>
        sdk.on('error', (e: { code: string; message: string }) => {
          if (e.code === 'CONVERSION_REJECTED') resolve(e.message);
        }),
      );
      const queued = await sdk.reportConversion({ orderId: 'never-paid-1' });
      const direct = await fetch('/api/sov/conversions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'never-paid-2' },
        body: JSON.stringify({ orderId: 'never-paid-2' }),
      });
      return { queued, rejected: await rejected, direct: direct.status, body: await direct.text() };
    });
    assert.equal(outcome.queued, true, 'the SDK takes the call; the BFF refuses it');
    assert.match(outcome.rejected, /never-paid-1: 403/);
    assert.equal(outcome.direct, 403);
    assert.match(outcome.body, /verifyOrder/);
    assert.equal(await t.stack.bffConversion('never-paid-1'), null);
    assert.equal(await t.stack.bffConversion('never-paid-2'), null);
    assert.deepEqual(await t.stack.sandboxCalls(), [], 'the upstream was called');
    await context.close();
  });

  it('cookie-swap hijack of a paid widget order: the upstream credits the token that landed, never the attacker’s', { timeout: 90_000 }, async () => {
    const landed = '32323-test-323-32323';
    const attacker = '99999-test-999-99999';
    const { context, page } = await visit(t.browser, `${t.stack.urls.shop}/checkout?sovReqToken=${landed}`);
    await landingCookieSet(context, t.stack.urls.shop);
    // The attacker's script: on checkout.completed it rewrites the landing cookie and reports first.
    const hijack = page.evaluate(
      (token) =>
        new Promise<{ orderId: string; answered: number }>((resolve) => {
          document.addEventListener(
            'sov:checkout.completed',
            async (event) => {
              const { orderId, receipt } = (event as CustomEvent<{ orderId: string; receipt: string }>).detail;
              const headers = { 'content-type': 'application/json' };
              await fetch('/api/sov/landing', { method: 'POST', headers, body: JSON.stringify({ token }) });
              const res = await fetch('/api/sov/conversions', {
                method: 'POST',
                headers: { ...headers, 'idempotency-key': orderId },
                body: JSON.stringify({ orderId, receipt }),
              });
              resolve({ orderId, answered: res.status });
            },
            { capture: true, once: true },
          );
        }),
      attacker,
    );
    await panelEvent(page, 'ready').waitFor();
    await payInWidget(widgetIn(page, '#checkout-widget'), CARDS.success);
    const { orderId, answered } = await hijack;
    assert.ok(answered < 300, `the BFF answered ${answered}`);

    await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
    const row = await eventually('the conversion delivered', async () => {
      const r = await t.stack.bffConversion(orderId);
      return r?.state === 'delivered' ? r : undefined;
    });
    assert.equal(row.state, 'delivered');
    const calls = await t.stack.sandboxCalls();
    assert.deepEqual(
      calls.filter((c) => c.accepted).map((c) => c.token),
      [landed],
    );
    assert.equal(calls.filter((c) => c.token === attacker).length, 0, 'the attacker’s token reached the upstream');
    await context.close();
  });
});
