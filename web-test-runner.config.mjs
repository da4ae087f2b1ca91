// Browser tests in one engine per run, TypeScript compiled by esbuild: SOV_ENGINE=chromium (default),
// firefox (Firefox ESR over WebDriver BiDi with puppeteer-core) or webkit (WebKitGTK's MiniBrowser
// over classic WebDriver, scripts/wtr-webkit.mjs); `npm test` runs one layer per engine.
// Pages load from http://localhost:<port>; the same server answers on
// 127.0.0.1:<port> too, which is another origin, so cross-origin iframes are real.
// Node-side servers the tests need (a second static origin now, the BFF and the
// platform later) start in test/browser/servers.ts; pages read their URLs from
// /__servers.json.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';
import * as puppeteerCore from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { currentEngine, findFirefox } from './scripts/engines.mjs';
import { webkitLauncher } from './scripts/wtr-webkit.mjs';

const launchers = {
  chromium: () =>
    chromeLauncher({ launchOptions: { executablePath: findChromium() ?? undefined, headless: true, args: CHROMIUM_ARGS } }),
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: {
        browser: 'firefox',
        executablePath: findFirefox() ?? undefined,
        headless: true,
        // Two test files run in two tabs of one window; Firefox throttles the background tab's timers
        // (dom.min_background_timeout_value, budget throttling), which would stretch the SDK's handshake clock.
        extraPrefsFirefox: {
          'dom.min_background_timeout_value': 4,
          'dom.timeout.enable_budget_timer_throttling': false,
          'dom.timeout.throttling_delay': -1,
        },
      },
    }),
  webkit: () => webkitLauncher({ itp: process.env.SOV_WEBKIT_ITP === '1', concurrency: 2 }),
};

function testServersPlugin() {
  let running;
  return {
    name: 'sov-test-servers',
    async serverStart({ config }) {
      const { startBrowserTestServers } = await tsImport('./test/browser/servers.ts', import.meta.url);
      running = await startBrowserTestServers({ pagePort: config.port });
    },
    async serverStop() {
      await running?.stop();
    },
    serve(context) {
      if (context.path === '/__servers.json') return { body: JSON.stringify(running.urls), type: 'json' };
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts', 'host-sdk/**/*.test.ts', 'widget/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  hostname: 'localhost',
  // Firefox runs concurrent files in tabs of one window; in the tab behind, three lifecycle tests that
  // handshake a second time timed out at 30 s, and each passes with its file alone. One file at a time.
  concurrency: currentEngine() === 'firefox' ? 1 : 2,
  // Firefox and WebKit run the axe audits several times slower than Chromium on a busy 2-core machine.
  testFramework: { config: { timeout: currentEngine() === 'chromium' ? 10_000 : 30_000 } },
  testsFinishTimeout: 180_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), testServersPlugin()],
  browsers: [launchers[currentEngine()]()],
};
