// The three browser engines the browser and e2e layers run in, where each lives
// on this machine, and the one line that says how to get it when it does not.
// Debian packages only: no test downloads a browser.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)).find((p) => existsSync(p)) ?? null;
const firstExisting = (paths) => paths.find((p) => existsSync(p)) ?? null;

/** Firefox (ESR or release): FIREFOX_PATH if set, else Debian's. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return firstExisting(['/usr/bin/firefox-esr', '/usr/bin/firefox']);
}

/** WebKitGTK's WebDriver, its MiniBrowser and the virtual display it needs; null unless all three are there. */
export function findWebKit() {
  const driver = onPath('WebKitWebDriver');
  const browser =
    process.env.MINIBROWSER_PATH ??
    firstExisting([
      '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      '/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser',
    ]);
  const xvfbRun = onPath('xvfb-run');
  if (!driver || !browser || !existsSync(browser) || !xvfbRun) return null;
  return { driver, browser, xvfbRun };
}

const HOW_TO_GET = {
  chromium: HOW_TO_GET_CHROMIUM,
  firefox:
    'Firefox not found: install it with `apt-get install -y firefox-esr` (Debian/Ubuntu), or point FIREFOX_PATH at a Firefox binary.',
  webkit:
    'WebKit not found: install it with `apt-get install -y webkit2gtk-driver xvfb` (Debian/Ubuntu: WebKitWebDriver, MiniBrowser and xvfb-run).',
};

/** Whether an engine is installed here. */
export function hasEngine(engine) {
  if (engine === 'chromium') return findChromium() !== null;
  if (engine === 'firefox') return findFirefox() !== null;
  if (engine === 'webkit') return findWebKit() !== null;
  return false;
}

/** The one line that says an engine is missing and how to get it. */
export const howToGet = (engine) => HOW_TO_GET[engine];

/** The engine a browser or e2e run targets: SOV_ENGINE, Chromium by default. */
export function currentEngine() {
  const engine = process.env.SOV_ENGINE ?? 'chromium';
  if (!ENGINES.includes(engine)) throw new Error(`SOV_ENGINE must be one of ${ENGINES.join(', ')}, not ${engine}`);
  return engine;
}
