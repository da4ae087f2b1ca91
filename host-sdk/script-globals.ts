/**
 * The types of the script-tag files of the package (`sov-embed/sov-embed.js` and
 * `sov-embed/snippet.js`): they export nothing and install `window.SovEmbed`, the
 * SDK (or, until it arrives, the inline snippet's queue of the same calls).
 * `import 'sov-embed/sov-embed.js'` in a bundler app gives `window.SovEmbed` this type.
 */
import type { SovEmbedApi } from './types.js';

declare global {
  interface Window {
    /** The SDK, or the inline snippet's queue until the SDK arrives. */
    SovEmbed?: SovEmbedApi;
  }
}

export type { SovEmbedApi };
