/**
 * What both script-tag files do when they run: install `window.SovEmbed` exactly once, however many
 * times the tag appears or the file is loaded, before or after the DOM is ready, replay calls queued
 * by the inline snippet, start the declarative scan, load the debug logger when asked, and never throw.
 */
import { watchDeclarative } from './declarative.js';
import { type QueueStub, queuedInit, replayQueue } from './queue.js';
import { scriptOptions } from './script-options.js';
import type { SovEmbedApi } from './types.js';

declare global {
  interface Window {
    /** The SDK, or the inline snippet's queue until the SDK arrives. */
    SovEmbed?: SovEmbedApi;
  }
}

/** `create` makes the instance from the running script element (its URL locates the files beside it). */
export function installScriptTag(create: (script: HTMLScriptElement) => SovEmbedApi): void {
  const existing = window.SovEmbed as SovEmbedApi | QueueStub | undefined;
  if (existing && 'version' in existing) return;
  try {
    const script = document.currentScript as HTMLScriptElement;
    const sdk = create(script);
    const options = { ...scriptOptions(script), ...queuedInit(existing) };
    window.SovEmbed = sdk;
    sdk.init(options);
    replayQueue(existing, sdk);
    watchDeclarative(sdk);
    // The debug logger, dist/sdk/sov-embed-debug.js, is a module beside this file, imported only when asked for
    // (never part of this bundle). An absolute URL: a cross-origin classic script's import() has no base URL.
    // init({debug: 'url'}) (queued by the inline snippet) is the partner's opt-in for ?sov_debug=1.
    // Inline rather than wantsDebug(): the script tag's bytes are budgeted. Same rule.
    // biome-ignore lint/suspicious/noDoubleEquals: one byte of the budgeted script tag; debug is a boolean or 'url', no coercion matters.
    if (options.debug == 'url' ? /sov_debug=1/.test(location.search) : options.debug)
      // import() takes the URL object as its string (its href).
      import(/* @vite-ignore */ new URL('sov-embed-debug.js', script.src) as unknown as string).then(
        (debug) => debug.default(sdk, options),
        console.warn,
      );
  } catch (error) {
    console.warn('SovEmbed:', error);
  }
}
