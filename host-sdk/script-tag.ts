/**
 * The script-tag build: installs `window.SovEmbed` exactly once, however many
 * times the tag appears or the file is loaded, before or after the DOM is
 * ready, replays calls queued by the inline snippet, and never throws.
 */
import { watchDeclarative } from './declarative.js';
import { type QueueStub, queuedInit, replayQueue } from './queue.js';
import { scriptOptions } from './script-options.js';
import { createSovEmbed } from './sdk.js';
import type { SovEmbedApi } from './types.js';

declare global {
  interface Window {
    /** The SDK, or the inline snippet's queue until the SDK arrives. */
    SovEmbed?: SovEmbedApi;
  }
}

const existing = window.SovEmbed as SovEmbedApi | QueueStub | undefined;
if (!(existing && 'version' in existing)) {
  try {
    const sdk = createSovEmbed();
    window.SovEmbed = sdk;
    sdk.init({ ...scriptOptions(document.currentScript), ...queuedInit(existing) });
    replayQueue(existing, sdk);
    watchDeclarative(sdk);
  } catch (error) {
    console.warn('SovEmbed: could not start', error);
  }
}
