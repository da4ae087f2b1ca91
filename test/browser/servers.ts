import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFetchServer, startNodeServer } from '../../src/node/serve.js';
import { createSdkServer } from './host-sdk-server.js';
import { createTestBff } from './host-test-bff.js';
import { createPlatformStandIn } from './platform-stand-in.js';
import { startRealBff } from './real-bff.js';
import { startWidgetPlatform } from './widget-platform.js';

export interface BrowserTestServers {
  /** Base URLs by name; pages read them from /__servers.json. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/**
 * Servers that browser tests talk to, started once by web-test-runner before
 * any test file runs. `xorigin` serves test/fixtures/*.html on 127.0.0.1 and a
 * port of its own: a second origin that shares nothing with the test page.
 * `platform` is the real platform serving a fresh widget build, with
 * `platformTokens` minting embed tokens for it (widget-platform.ts).
 * `platformStandIn` is a STAND-IN for the platform's widget API with fault
 * scenarios the real one cannot be asked for (platform-stand-in.ts).
 * `realBff` is the real BFF in front of that platform (real-bff.ts); `realBffBase` is its `bff` option.
 */
export async function startBrowserTestServers(options: { pagePort?: number } = {}): Promise<BrowserTestServers> {
  const xorigin = await startNodeServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '');
    if (!/^[\w.-]+\.html$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await readFile(join(FIXTURES, name)));
    } catch {
      res.writeHead(404).end();
    }
  });
  // The host SDK's recording BFF, on the test page's host name (see host-test-bff.ts),
  // and the SDK served as the platform serves it, on the other host name.
  const platform = await startWidgetPlatform();
  const hostBff = await startFetchServer(createTestBff({ platformTokens: platform.tokensUrl }).fetch, { hostname: 'localhost' });
  const hostSdk = await startFetchServer(createSdkServer().fetch, { hostname: '127.0.0.1' });
  const platformStandIn = await startFetchServer(createPlatformStandIn());
  // The real BFF in front of the real platform, allowing the test pages' origin (web-test-runner's port).
  const realBff = await startRealBff({
    pageOrigin: `http://localhost:${options.pagePort ?? 8000}`,
    platformUrl: platform.platformUrl,
    platformApiKey: platform.apiKey,
  });
  return {
    urls: {
      xorigin: xorigin.url,
      hostBff: hostBff.url,
      hostSdk: hostSdk.url,
      platformStandIn: platformStandIn.url,
      platform: platform.platformUrl,
      platformTokens: platform.tokensUrl,
      realBff: realBff.url,
      realBffBase: realBff.bff,
    },
    stop: async () => {
      await Promise.all([xorigin.close(), hostBff.close(), hostSdk.close(), platformStandIn.close(), platform.close(), realBff.close()]);
    },
  };
}
