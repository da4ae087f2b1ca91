import type { SovEmbedApi } from '../../host-sdk/types.js';

/** The methods the inline snippet queues until the SDK arrives. */
export type QueuedApi = Pick<SovEmbedApi, 'mount' | 'on' | 'off' | 'reportConversion' | 'setConsent'>;

/** SovEmbed now: the real SDK, or the snippet's queue (which replays every call once the SDK loads). */
export function sovEmbed(): QueuedApi | null {
  return (window as { SovEmbed?: QueuedApi }).SovEmbed ?? null;
}

/** The real SDK once its script has run (getAttribution is not queued, so the panel waits for it). */
export function whenSdk(): Promise<SovEmbedApi> {
  return new Promise((resolve) => {
    const check = () => {
      const sdk = window.SovEmbed;
      if (sdk && 'version' in sdk) resolve(sdk);
      else setTimeout(check, 50);
    };
    check();
  });
}
