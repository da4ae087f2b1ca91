import { LRUCache } from 'lru-cache';
import type { EmbedTokenRequest, EmbedTokenResponse } from '../protocol/embed-token.schema.js';

type Issued = EmbedTokenResponse & { embedUrl: string };

interface Entry {
  answer: Promise<Issued>;
  /** Until when a caller may get this token: half its life, so every caller gets at least the other half. */
  reuseUntil: number;
}

/** What makes two embed-token requests the same request for the platform. */
export interface EmbedTokenKey {
  origin: string;
  request: EmbedTokenRequest;
  /**
   * Part of the key because the platform binds the landing token to the embed token it
   * issues and attributes that embed's orders to it: one visitor's token is never
   * handed to another.
   */
  landingToken: string | null;
}

/**
 * Embed tokens reused for their life, so a flood of `POST /embed-tokens` (any
 * script can send one with a forged Origin) spends no more of the partner's
 * platform quota than one visitor's page load: one platform call per (origin,
 * product, kind, locale, theme, landing token) per half token life. Concurrent
 * misses share one platform call; a refusal is not kept. At most `max` entries.
 */
export class EmbedTokenCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    max = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** The cached answer for `key`, or `issue()`'s, kept when the platform granted it. */
  get(key: EmbedTokenKey, issue: () => Promise<Issued>): { answer: Promise<Issued>; reused: boolean } {
    const id = JSON.stringify([key.origin, key.request.productId, key.request.kind, key.request.locale ?? null, key.request.theme ?? null, key.landingToken]);
    const cached = this.entries.get(id);
    if (cached && this.now() < cached.reuseUntil) return { answer: cached.answer, reused: true };
    const asked = this.now();
    const entry: Entry = { answer: issue(), reuseUntil: Number.POSITIVE_INFINITY };
    this.entries.set(id, entry);
    entry.answer.then(
      (issued) => {
        const expiresAt = Date.parse(issued.expiresAt);
        entry.reuseUntil = Number.isFinite(expiresAt) ? asked + (expiresAt - asked) / 2 : asked;
      },
      () => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      },
    );
    return { answer: entry.answer, reused: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
