import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../../../scripts/chromium.mjs';

/** Launch Debian's headless Chromium through playwright-core (no browser download). */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
