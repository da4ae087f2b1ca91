// The React hook and the Vue composable of docs/recipes.md, built by Vite from test/e2e/frameworks/ and run
// in every engine: React 19 under <StrictMode> (development build: mount, clean up, mount again) and Vue 3.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import vue from '@vitejs/plugin-vue';
import { build } from 'vite';
import { TEST_TOKEN } from '../helpers/demo-stack.js';
import { eventually } from '../helpers/eventually.js';
import { useEngineStack } from './engine-stack.js';
import { payInWidget } from './visit.js';

const engine = process.env.SOV_ENGINE ?? 'chromium';
const ROOT = join(import.meta.dirname, '..', '..', '..');
const APPS = join(ROOT, 'test', 'e2e', 'frameworks');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

let outDir = '';
before(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'sov-frameworks-'));
  await build({
    root: APPS,
    base: '/fw/',
    configFile: false,
    logLevel: 'silent',
    mode: 'development',
    // React's development build: only it runs StrictMode's mount, clean up, mount again.
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    plugins: [vue()],
    resolve: { alias: { 'sov-embed': join(ROOT, 'host-sdk', 'index.ts') } },
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { input: { react: join(APPS, 'react.html'), vue: join(APPS, 'vue.html') } },
    },
  });
});
after(() => rm(outDir, { recursive: true, force: true }));

/** The built apps on the shop's origin, under /fw/. */
function servedApps(request: Request): Response | null {
  const path = new URL(request.url).pathname;
  if (!path.startsWith('/fw/') || path.includes('..')) return null;
  try {
    const body = readFileSync(join(outDir, path.slice('/fw/'.length)));
    return new Response(body, { headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' } });
  } catch {
    return null;
  }
}

for (const app of ['react', 'vue'] as const) {
  describe(`the ${app === 'react' ? 'React hook under <StrictMode>' : 'Vue composable'} in ${engine}`, () => {
    const t = useEngineStack({ shopPages: servedApps });

    it('mounts one iframe, calls the handler once, reports one conversion, and leaves no frame after unmount', { timeout: 120_000 }, async () => {
      const visitor = await t.engine.visitor();
      try {
        await visitor.goto(`${t.stack.urls.shop}/fw/${app}.html?sovReqToken=${TEST_TOKEN}`);
        await eventually('the widget ready', () => visitor.run<boolean>('return window.sovTest.readies > 0;'));
        // A second widget from a double mount would say hello within a handshake: give it the time.
        await visitor.run('await new Promise((r) => setTimeout(r, 1000));');
        assert.equal(await visitor.run('return window.sovTest.readies;'), 1);
        assert.equal(await visitor.run(`return document.querySelectorAll('iframe').length;`), 1);
        // React's StrictMode really mounted twice (and cleaned the first up); Vue mounts once.
        assert.equal(await visitor.run('return window.sovTest.handles.length;'), app === 'react' ? 2 : 1);
        assert.equal(await visitor.run('return window.sovTest.alive();'), 1);

        const orderId = await payInWidget(visitor, '#root iframe');
        await eventually('the app’s navigation', () => visitor.run<boolean>('return window.sovTest.navigations.length > 0;'));
        await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
        await eventually('the conversion at the sandbox', async () => (await t.stack.sandboxConversions()).some((c) => c.token === TEST_TOKEN));
        assert.deepEqual(await visitor.run('return window.sovTest.navigations;'), [`/thanks/${orderId}`]);
        const conversions = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
        assert.equal(conversions.length, 1);
        assert.equal(conversions[0].acceptedCalls, 1);

        await visitor.run('window.sovTest.unmount();');
        await eventually('no frame after unmount', () =>
          visitor.run<boolean>(`return document.querySelectorAll('iframe, [data-sov-frame]').length === 0;`),
        );
        // Every handle destroyed: its listeners, port, observers and timers are gone with it (WidgetHandle.destroy).
        // Waited for: React removes the container in its commit and runs the effect's clean-up (destroy) after it.
        await eventually('every handle destroyed', () => visitor.run<boolean>('return window.sovTest.alive() === 0;'));
      } finally {
        await visitor.close();
      }
    });
  });
}
