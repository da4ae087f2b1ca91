/**
 * Entry of the widget bundle that the platform's /embed document loads
 * (dist/widget/widget.js). Defines the elements and, when the page carries a
 * `#sov-config`, boots the widget and its channel to the host.
 */
import { EMBED_CONFIG_ELEMENT_ID } from '../src/protocol/http.js';
import { bootWhenParsed } from './boot.js';

export { SovProductCard } from './sov-product-card.js';
export { SovWidget } from './sov-widget.js';

if (document.getElementById(EMBED_CONFIG_ELEMENT_ID)) bootWhenParsed();
