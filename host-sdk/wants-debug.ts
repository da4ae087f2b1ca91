import type { InitOptions } from './types.js';

/**
 * Debug mode when the partner's code asks for it (`debug: true`), or by
 * `?sov_debug=1` in the page URL only where the partner allowed that
 * (`debug: 'url'`, `data-debug="url"`): otherwise anyone sending a visitor a
 * link could make the page load and run one more script.
 */
export const wantsDebug = (debug: InitOptions['debug']): unknown => (debug === 'url' ? /sov_debug=1/.test(location.search) : debug);
