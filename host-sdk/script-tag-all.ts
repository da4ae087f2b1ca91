/**
 * The one-file script tag, dist/sdk/sov-embed-all.js: the whole SDK in one classic script, for pages
 * whose Trusted Types policy allows no script URL to be made (`trusted-types 'none'`), where the
 * split script tag (script-tag.ts) cannot load its part. Same API, same behaviour, more bytes.
 */
import { installScriptTag } from './script-install.js';
import { createSdkCore } from './sdk.js';

installScriptTag(() => createSdkCore());
