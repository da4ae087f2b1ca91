import type { InitOptions, SovEmbedApi } from './types.js';
import { wantsDebug } from './wants-debug.js';

/**
 * For the ESM build: `init({debug: true})` (or `?sov_debug=1` with `init({debug: 'url'})`)
 * imports the debug logger, a lazy chunk, and hands it this instance. The
 * script-tag build does the same in script-install.ts, inline, to stay small.
 */
export function withDebug(sdk: SovEmbedApi): SovEmbedApi {
  const init = sdk.init;
  let first = true;
  sdk.init = (options?: InitOptions) => {
    init(options);
    // Only the first init counts, as for the SDK itself.
    if (first && wantsDebug(options?.debug)) {
      import('./debug/attach-debug.js').then((debug) => debug.default(sdk, options), console.warn);
    }
    first = false;
    return sdk;
  };
  return sdk;
}
