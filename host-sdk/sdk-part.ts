/**
 * The script tag's part, dist/sdk/sov-embed-part-<hash>.js: the whole SDK behind the core's `SovEmbed`
 * (sdk-stub.ts). A classic script, loaded by the core with `integrity` (part-loader.ts); it hands the SDK's
 * maker to the element it runs in, so nothing is left on `window` and nothing runs when no core asked for it.
 */
import type { PartScript } from './part-loader.js';
import { createSdkCore } from './sdk.js';

(document.currentScript as PartScript | null)?.sovPart?.(createSdkCore);
