/**
 * The script-tag build: installs `window.SovEmbed` exactly once, however many
 * times the tag appears or the file is loaded, and never throws into the page.
 */
import { SovEmbed, type SovEmbedApi } from './index.js';

declare global {
  interface Window {
    SovEmbed?: SovEmbedApi;
  }
}

if (!window.SovEmbed?.version) {
  window.SovEmbed = SovEmbed;
}
