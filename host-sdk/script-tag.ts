/**
 * The script-tag build, dist/sdk/sov-embed.js: the core every page runs (sdk-stub.ts), which loads the
 * rest of the SDK, its part, only on a page that needs it. The part's file name and hash are built in
 * (vite.config.ts), so the partner's one `integrity` on this tag covers the part too.
 */
import type { PartSource } from './part-loader.js';
import { installScriptTag } from './script-install.js';
import { createSdkStub } from './sdk-stub.js';

/** Set by the build: the part's file beside this one and its sha384. */
declare const __SOV_PART__: PartSource;

installScriptTag((script) => createSdkStub(__SOV_PART__, script));
