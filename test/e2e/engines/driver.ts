/**
 * One small driver for the journeys that run in every engine (SOV_ENGINE):
 * Chromium through playwright-core, Firefox ESR through puppeteer-core over
 * WebDriver BiDi, WebKitGTK's MiniBrowser through classic WebDriver
 * (scripts/webdriver.mjs). Scripts are plain strings (a function body whose
 * `arguments` are the args): compiled TypeScript functions would carry
 * helpers the page does not have.
 */
import { type Browser as PlaywrightBrowser, chromium } from 'playwright-core';
import type { Browser as PuppeteerBrowser } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';
import { currentEngine, findFirefox, howToGet } from '../../../scripts/engines.mjs';
import { startWebKitSession, type WebDriverSession } from '../../../scripts/webdriver.mjs';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

export interface Cookie {
  name: string;
  value: string;
  httpOnly: boolean;
  sameSite?: string;
}

/** A fresh visitor: own cookies and storage, one tab. */
export interface Visitor {
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Run `body` (a function body; may `await`) in the top page, or in the iframe `frame` (CSS) of the top page. */
  run<T>(body: string, args?: unknown[], frame?: string): Promise<T>;
  /** The cookies the browser keeps for the current page's URL, HttpOnly included. */
  cookies(): Promise<Cookie[]>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  visitor(): Promise<Visitor>;
  close(): Promise<void>;
}

// A function expression, so the body can read its args as `arguments` in every engine.
const fnSource = (body: string) => `(async function () { ${body} })`;
/** An expression that calls the body with JSON args, for engines that evaluate a string. */
const call = (body: string, args: unknown[]) => `${fnSource(body)}.apply(null, ${JSON.stringify(args)})`;

async function chromiumEngine(): Promise<Engine> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(howToGet('chromium'));
  const browser: PlaywrightBrowser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    async visitor() {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        url: async () => page.url(),
        async run(body, args = [], frame) {
          const target = frame ? await (await page.$(frame))?.contentFrame() : page.mainFrame();
          if (!target) throw new Error(`no frame ${frame}`);
          return target.evaluate(call(body, args));
        },
        async cookies() {
          return (await context.cookies(page.url())).map((c) => ({ name: c.name, value: c.value, httpOnly: c.httpOnly, sameSite: c.sameSite }));
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

async function firefoxEngine(): Promise<Engine> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error(howToGet('firefox'));
  const browser: PuppeteerBrowser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true });
  return {
    name: 'firefox',
    async visitor() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.setViewport({ width: 1280, height: 900 });
      return {
        goto: async (url) => {
          try {
            await page.goto(url);
          } catch (error) {
            // Firefox over BiDi now and then reports a navigation from a page still loading its widget
            // frame as NS_BINDING_ABORTED (seen once in several runs; none of our code navigates): go again.
            if (!/NS_BINDING_ABORTED/.test(String(error))) throw error;
            await page.goto(url);
          }
        },
        url: async () => page.url(),
        async run(body, args = [], frame) {
          const target = frame ? await (await page.$(frame))?.contentFrame() : page.mainFrame();
          if (!target) throw new Error(`no frame ${frame}`);
          return target.evaluate(call(body, args)) as Promise<never>;
        },
        async cookies() {
          return (await context.cookies()).map((c) => ({ name: c.name, value: c.value, httpOnly: c.httpOnly === true, sameSite: c.sameSite }));
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** WebKit: a WebDriver session per visitor (WebKitWebDriver allows one; each starts with empty storage). */
function webkitEngine({ itp = false } = {}): Engine {
  return {
    name: 'webkit',
    async visitor() {
      const session: WebDriverSession = await startWebKitSession({ itp });
      return {
        goto: (url) => session.goto(url),
        url: () => session.currentUrl(),
        async run(body, args = [], frame) {
          if (frame) await session.frame(frame);
          try {
            return await session.execute(`return ${fnSource(body)}.apply(null, arguments);`, args);
          } finally {
            if (frame) await session.frame(null);
          }
        },
        async cookies() {
          return ((await session.cookies()) as Cookie[]).map((c) => ({ name: c.name, value: c.value, httpOnly: c.httpOnly, sameSite: c.sameSite }));
        },
        close: () => session.close(),
      };
    },
    async close() {},
  };
}

/** The engine this run targets (SOV_ENGINE, Chromium by default). `itp` turns on WebKit's tracking prevention. */
export async function launchEngine(options: { itp?: boolean } = {}): Promise<Engine> {
  const engine = currentEngine() as EngineName;
  if (engine === 'firefox') return firefoxEngine();
  if (engine === 'webkit') return webkitEngine(options);
  return chromiumEngine();
}
