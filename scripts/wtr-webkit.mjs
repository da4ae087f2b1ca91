// web-test-runner launcher for WebKitGTK's MiniBrowser over classic WebDriver
// (scripts/webdriver.mjs). Each concurrent test file gets its own driver and
// MiniBrowser window (WebKitWebDriver allows one session per process); windows
// are reused from file to file, like the Chromium launcher reuses pages.
import { startWebKitSession } from './webdriver.mjs';

export function webkitLauncher({ itp = false, concurrency = 1 } = {}) {
  const idle = [];
  const active = new Map();
  const all = [];
  return {
    name: itp ? 'WebKit (ITP)' : 'WebKit',
    type: 'webdriver',
    concurrency,
    async startSession(sessionId, url) {
      let session = idle.pop();
      if (!session) {
        session = await startWebKitSession({ itp });
        all.push(session);
      }
      active.set(sessionId, session);
      await session.goto(url);
    },
    isActive: (sessionId) => active.has(sessionId),
    getBrowserUrl: (sessionId) => active.get(sessionId)?.currentUrl(),
    async stopSession(sessionId) {
      const session = active.get(sessionId);
      active.delete(sessionId);
      // A blank page ends the file's timers and sockets before the window runs the next file.
      await session?.goto('about:blank').catch(() => {});
      if (session) idle.push(session);
      return {};
    },
    /** For @web/test-runner-commands' sendKeys ({ press } and { type }). */
    async sendKeys(sessionId, keys) {
      await active.get(sessionId)?.sendKeys(keys);
    },
    startDebugSession() {
      throw new Error('WebKit runs headless under Xvfb here; debug in Chromium or Firefox.');
    },
    async stop() {
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
