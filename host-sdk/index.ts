/**
 * The host SDK's ESM entry: `import { SovEmbed } from 'sov-embed'`.
 * The script-tag build (script-tag.ts) installs one instance on window.
 */
import { createSovEmbed } from './sdk.js';

/** The page's SovEmbed; call `SovEmbed.init(options)` first, as early as possible. */
export const SovEmbed = createSovEmbed();
export { createSovEmbed };
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
