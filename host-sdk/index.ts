/**
 * The host SDK's ESM entry: `import { SovEmbed } from 'sov-embed'`.
 * The script-tag build (script-tag.ts, its core; script-install.ts) installs one instance on window.
 */
import { withDebug } from './debug-init.js';
import { createSdkCore } from './sdk.js';
import type { SovEmbedApi } from './types.js';

/** A SovEmbed instance of your own (tests, several configurations on one page). */
export function createSovEmbed(): SovEmbedApi {
  return withDebug(createSdkCore());
}

/** The page's SovEmbed; call `SovEmbed.init(options)` first, as early as possible. */
export const SovEmbed = createSovEmbed();
export type {
  Attribution,
  HostErrorCode,
  InitOptions,
  MountOptions,
  SovEmbedApi,
  SovEventName,
  SovEventPayloads,
  SovListener,
  WidgetHandle,
} from './types.js';
export type { Theme, WidgetEventName, WidgetEventPayloads, WidgetState } from '../src/protocol/browser.js';
