/**
 * Entry of the widget bundle that the platform's /embed document loads
 * (dist/widget/widget.js). Defines the elements and, when the page carries a
 * `#sov-config`, boots the widget and its channel to the host.
 */
import { EMBED_CONFIG_ELEMENT_ID } from '../src/protocol/http.js';
import { boot } from './boot.js';

export { SovProductCard } from './sov-product-card.js';
export { SovWidget } from './sov-widget.js';

// The /embed document loads this script async (it runs as soon as it arrives, in a task of its own):
// the config sits before it in the head, but the body may not be parsed yet.
if (document.getElementById(EMBED_CONFIG_ELEMENT_ID)) {
  if (document.readyState === 'loading' && !document.querySelector('sov-widget')) addEventListener('DOMContentLoaded', () => boot(), { once: true });
  else boot();
}
