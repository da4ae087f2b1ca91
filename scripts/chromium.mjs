// Where Chromium is and how to start it, shared by `npm test`, web-test-runner and the e2e helper.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags for headless Chromium as root on a machine without outside network:
 * --no-sandbox is required as root; the background-networking flags stop
 * Chromium from dialling Google's hosts at every start.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const HOW_TO_GET_CHROMIUM =
  'Chromium not found: install it with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at a Chromium or Chrome binary.';

/** The Chromium binary to use: CHROMIUM_PATH if set, else Debian's; null when there is none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}
