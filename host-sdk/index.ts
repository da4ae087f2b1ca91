/**
 * The host SDK's ESM entry: `import { SovEmbed } from 'sov-embed'`.
 * The script-tag build (script-tag.ts) installs the same object on window.
 */
import { SOV_VERSION } from '../src/protocol/browser.js';

export interface SovEmbedApi {
  /** The SDK's version, also carried in the widget handshake. */
  readonly version: string;
}

export const SovEmbed: SovEmbedApi = Object.freeze({ version: SOV_VERSION });
export type { WidgetEventName, WidgetEventPayloads, Theme } from '../src/protocol/browser.js';
