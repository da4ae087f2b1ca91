// Browser tests in Debian's headless Chromium, TypeScript compiled by esbuild.
// Pages load from http://localhost:<port>; the same server answers on
// 127.0.0.1:<port> too, which is another origin, so cross-origin iframes are real.
// Node-side servers the tests need (a second static origin now, the BFF and the
// platform later) start in test/browser/servers.ts; pages read their URLs from
// /__servers.json.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

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
  concurrency: 2,
  testFramework: { config: { timeout: 10_000 } },
  testsFinishTimeout: 180_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), testServersPlugin()],
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChromium() ?? undefined, headless: true, args: CHROMIUM_ARGS } })],
};
