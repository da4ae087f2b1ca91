// A small classic-WebDriver (W3C) client for WebKitGTK: starts WebKitWebDriver
// under xvfb-run (MiniBrowser needs a display), opens one MiniBrowser session
// and speaks the few endpoints the tests need. WebKitWebDriver allows one
// session per driver process, so each session here owns its driver.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { findWebKit, howToGet } from './engines.mjs';

/** A free loopback port (WebKitWebDriver cannot be told to pick one itself). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** KeyboardEvent.key names to WebDriver's key code points (W3C WebDriver, "Keyboard actions"). */
const WEBDRIVER_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  ' ': '\uE00D',
  Space: '\uE00D',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
  Meta: '\uE03D',
};

/** The W3C element reference key. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * Start WebKitWebDriver and a MiniBrowser session.
 * `itp` adds MiniBrowser's --enable-itp (Intelligent Tracking Prevention).
 */
export async function startWebKitSession({ itp = false } = {}) {
  const webkit = findWebKit();
  if (!webkit) throw new Error(howToGet('webkit'));
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    // -a picks a free display; its own process group so stop() ends Xvfb, the driver and the browser together.
    const child = spawn(webkit.xvfbRun, ['-a', webkit.driver, `--port=${port}`, '--host=127.0.0.1'], {
      detached: true,
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    const kill = () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
    };
    try {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const ready = await fetch(`${base}/status`).then((r) => r.ok, () => false);
        if (ready) break;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error('WebKitWebDriver did not start');
        await sleep(100);
      }
      // Tests open top-level windows (window.open) as a second origin; MiniBrowser blocks popups unless told.
      const args = ['--automation', '--javascript-can-open-windows-automatically=true', ...(itp ? ['--enable-itp'] : [])];
      const created = await call(base, 'POST', '/session', {
        capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: webkit.browser, args } } },
      });
      return new WebDriverSession(`${base}/session/${created.sessionId}`, kill);
    } catch (error) {
      lastError = error;
      kill();
    }
  }
  throw lastError;
}

async function call(base, method, path, body) {
  const answer = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? answer.status} ${json.value?.message ?? ''}`);
  return json.value;
}

export class WebDriverSession {
  constructor(url, kill) {
    this.url = url;
    this.kill = kill;
  }
  send(method, path, body) {
    return call(this.url, method, path, body);
  }
  /** Navigate and wait for the load event. */
  goto(url) {
    return this.send('POST', '/url', { url });
  }
  currentUrl() {
    return this.send('GET', '/url');
  }
  /** Run a function body in the current browsing context; `arguments` are `args`. */
  execute(script, args = []) {
    return this.send('POST', '/execute/sync', { script, args });
  }
  executeAsync(script, args = []) {
    return this.send('POST', '/execute/async', { script, args });
  }
  async find(css) {
    const found = await this.send('POST', '/element', { using: 'css selector', value: css });
    return found[ELEMENT];
  }
  /** Switch into a child frame given by CSS (an <iframe> element), or back to the top with null. */
  async frame(css) {
    if (css === null) return this.send('POST', '/frame', { id: null });
    const element = await this.find(css);
    return this.send('POST', '/frame', { id: { [ELEMENT]: element } });
  }
  click(element) {
    return this.send('POST', `/element/${element}/click`, {});
  }
  type(element, text) {
    return this.send('POST', `/element/${element}/value`, { text });
  }
  /** Press keys on the focused element: `keys` are KeyboardEvent.key names ('Tab', 'ArrowUp') or characters. */
  sendKeys(keys) {
    const actions = keys.flatMap((key) => {
      const value = WEBDRIVER_KEYS[key] ?? key;
      return [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ];
    });
    return this.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }
  cookies() {
    return this.send('GET', '/cookie');
  }
  async close() {
    await this.send('DELETE', '').catch(() => {});
    this.kill();
  }
}
