import { bffFetch } from './bff-fetch.js';
import { landing } from './landing.js';
import type { MountOptions } from './types.js';

export interface EmbedTarget {
  /** The iframe document's URL, without the channel fragment. */
  embedUrl: string;
  /** The origin every hello must come from. */
  origin: string;
}

/** An embed token asked for before the SDK part had loaded, and the BFF it was asked of. */
export type EarlyTarget = [bff: string, target: Promise<EmbedTarget | null>];

/**
 * Ask the partner's BFF for a short-lived embed token. Only the URL's origin
 * matters for trust: it is the one origin a hello is accepted from.
 * Resolves null on any failure; the caller reports EMBED_TOKEN_FAILED.
 */
export async function fetchEmbedTarget(bff: string, mount: MountOptions): Promise<EmbedTarget | null> {
  try {
    const { productId, kind, locale, theme } = mount;
    await landing;
    const response = await bffFetch(`${bff}/embed-tokens`, 'POST', { productId, kind, locale, theme });
    if (!response.ok) return null;
    // A missing or malformed embedUrl makes URL() throw: caught below.
    const url = new URL((await response.json()).embedUrl);
    if (!/^https?:$/.test(url.protocol)) return null;
    url.hash = '';
    return { embedUrl: url.href, origin: url.origin };
  } catch {
    return null;
  }
}
