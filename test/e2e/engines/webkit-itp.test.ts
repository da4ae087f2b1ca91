// Safari's Intelligent Tracking Prevention, as far as WebKitGTK reproduces it (MiniBrowser --enable-itp):
// the journey still attributes, because both of our stores are first-party (docs/engines.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANDING_COOKIE } from '../../../src/protocol/http.js';
import { shortToken } from '../../../src/protocol/landing-token.js';
import { TEST_TOKEN } from '../helpers/demo-stack.js';
import { eventually } from '../helpers/eventually.js';
import { useEngineStack } from './engine-stack.js';
import { databases } from './page-scripts.js';
import { buyInWidget, panelEvent, textIn } from './visit.js';

const webkit = (process.env.SOV_ENGINE ?? 'chromium') === 'webkit';

describe('WebKit with Intelligent Tracking Prevention on', { skip: webkit ? false : 'ITP is WebKit’s: runs in e2e-webkit only' }, () => {
  const t = useEngineStack({ itp: true });

  it('keeps the token in first-party storage and the upstream gets exactly one conversion', { timeout: 120_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/?sovReqToken=${TEST_TOKEN}`);
      assert.equal(await textIn(visitor, '#sov-token'), shortToken(TEST_TOKEN));
      await eventually('the landing cookie', async () => (await visitor.cookies()).some((c) => c.name === LANDING_COOKIE));
      assert.ok((await visitor.run<string[]>(databases)).length > 0, 'the SDK’s IndexedDB copy');

      // A comeback without the token is still attributed, then the purchase.
      await visitor.goto(`${t.stack.urls.shop}/`);
      assert.equal(await textIn(visitor, '#sov-token'), shortToken(TEST_TOKEN));
      await panelEvent(visitor, 'ready');
      const orderId = await buyInWidget(visitor);
      await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
      await eventually('the conversion at the sandbox', async () => (await t.stack.sandboxConversions()).some((c) => c.token === TEST_TOKEN));
      const conversions = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
      assert.equal(conversions.length, 1);
      assert.equal(conversions[0].acceptedCalls, 1);
    } finally {
      await visitor.close();
    }
  });
});
