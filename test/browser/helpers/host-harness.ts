/** Shared set-up for the host SDK's browser tests (test/browser/host-*.test.ts). */
import { createSovEmbed } from '../../../host-sdk/index.js';
import type { InitOptions, SovEmbedApi, SovEventName, WidgetHandle } from '../../../host-sdk/types.js';
import { otherOrigin, testServers } from './frames.js';

export interface Received {
  embedTokens: { productId: string; kind: string; locale?: string }[];
  landing: { method: string; token?: string; productId?: string; couponCode?: string }[];
  /** How many times GET /landing was asked. */
  landingGets: number;
  rows: { orderId: string; receipt?: string; key: string; landingToken: string | null }[];
  attempts: { orderId?: string; key?: string; outcome: string }[];
}

/** A fresh namespace on the recording test BFF (see test/browser/host-test-bff.ts). */
export async function bffSpace(control: Record<string, unknown> = {}) {
  const { hostBff } = await testServers();
  const bff = `${hostBff}/t/${crypto.randomUUID()}`;
  const space = {
    bff,
    control: (next: Record<string, unknown>) =>
      fetch(`${bff}/__control`, { method: 'POST', body: JSON.stringify(next), headers: { 'content-type': 'application/json' } }).then(
        () => {},
      ),
    received: (): Promise<Received> => fetch(`${bff}/__received`).then((r) => r.json()),
    /** The HttpOnly landing cookie as the BFF sees it on a credentialed request from this page. */
    cookie: (): Promise<string | null> =>
      fetch(`${bff}/__cookie`, { credentials: 'include' })
        .then((r) => r.json())
        .then((b) => b.token),
  };
  await space.control(control);
  return space;
}

/** The platform origin in these tests: the test server under its other host name. */
export const platformOrigin = otherOrigin;

/** A new SDK instance with its own storage, initialised against `bff`. */
export function freshSdk(bff: string, options: InitOptions = {}): SovEmbedApi {
  return createSovEmbed().init({ bff, storagePrefix: `t-${crypto.randomUUID()}`, ...options });
}

/** A container in the page, removed by `cleanPage`. */
export function box(id = `w-${crypto.randomUUID()}`): HTMLDivElement {
  const div = document.createElement('div');
  div.id = id;
  div.className = 'host-test-box';
  document.body.append(div);
  return div;
}

export function cleanPage(): void {
  for (const el of document.querySelectorAll('.host-test-box, iframe')) el.remove();
}

/** Send a test-only command to the widget stand-in in `frame`. */
export function command(frame: HTMLIFrameElement | null | undefined, data: Record<string, unknown>): void {
  frame?.contentWindow?.postMessage(data, platformOrigin());
}

export function frameIn(el: Element): HTMLIFrameElement {
  const frame = el.querySelector('iframe');
  if (!frame) throw new Error('no iframe in the container');
  return frame;
}

/** Wait until `check` holds (polling), failing with `what` if it never does. */
export async function until<T>(check: () => T | Promise<T>, what: string, ms = 8000): Promise<NonNullable<T>> {
  const end = performance.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Record every event of `names` on a handle or on the SDK. */
export function recorder(target: WidgetHandle | SovEmbedApi, names: SovEventName[]) {
  const seen: { name: SovEventName; payload: unknown }[] = [];
  for (const name of names) target.on(name, (payload: unknown) => seen.push({ name, payload }));
  return seen;
}

/** Wait for a window message from `frame` (used to know a hostile hello has been delivered). */
export function messageFrom(frame: HTMLIFrameElement): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      window.removeEventListener('message', listener);
      resolve(event);
    };
    window.addEventListener('message', listener);
  });
}

/** Resolves when a widget stand-in has loaded and listens for commands (it posts `{fixture: 'loaded'}`). */
export function fixtureLoaded(): Promise<void> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.origin !== platformOrigin() || event.data?.fixture !== 'loaded') return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
}
