import { randomBytes } from 'node:crypto';
import { isoAt, type Clock } from '../server/clock.js';
import type { Db } from './database.js';
import { newId, sha256Hex } from './ids.js';

export interface Partner {
  id: string;
  name: string;
  origins: string[];
  webhookUrl: string | null;
  webhookSecret: string;
  createdAt: string;
}

export interface NewPartner {
  name: string;
  origins: string[];
  webhookUrl?: string | null;
  /** Given: the demo's configured values. Absent: fresh random ones. */
  id?: string;
  apiKey?: string;
  webhookSecret?: string;
}

/** A created partner with its secrets, which are shown this once. */
export interface CreatedPartner {
  partner: Partner;
  apiKey: string;
  webhookSecret: string;
}

interface PartnerRow {
  id: string;
  name: string;
  origins: string;
  webhook_url: string | null;
  webhook_secret: string;
  created_at: string;
}

const toPartner = (row: PartnerRow): Partner => ({
  id: row.id,
  name: row.name,
  origins: JSON.parse(row.origins),
  webhookUrl: row.webhook_url,
  webhookSecret: row.webhook_secret,
  createdAt: row.created_at,
});

/** An origin as the browser sends it in the Origin header: scheme://host[:port], nothing else. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Tenants. API keys are kept only as SHA-256 hashes: they are 256-bit random
 * strings, so a fast hash is enough (no password-style stretching needed) and
 * a lookup by hash is one index probe.
 */
export class PartnerStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  create(input: NewPartner): CreatedPartner {
    const origins = input.origins.map((o) => {
      const origin = normalizeOrigin(o);
      if (!origin) throw new Error(`not an http(s) origin: ${o}`);
      return origin;
    });
    if (input.webhookUrl && !normalizeOrigin(input.webhookUrl)) throw new Error(`not an http(s) URL: ${input.webhookUrl}`);
    const apiKey = input.apiKey ?? newId('sk_live', 32);
    // The Standard Webhooks key form: `whsec_` + standard base64 of the key bytes.
    const webhookSecret = input.webhookSecret ?? `whsec_${randomBytes(32).toString('base64')}`;
    const partner: Partner = {
      id: input.id ?? newId('ptn'),
      name: input.name,
      origins,
      webhookUrl: input.webhookUrl ?? null,
      webhookSecret,
      createdAt: isoAt(this.clock()),
    };
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO partners (id, name, origins, webhook_url, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(partner.id, partner.name, JSON.stringify(origins), partner.webhookUrl, webhookSecret, partner.createdAt);
      this.addApiKey(partner.id, apiKey);
    })();
    return { partner, apiKey, webhookSecret };
  }

  /** Register another key for a partner (rotation: add the new, then revoke the old). */
  addApiKey(partnerId: string, apiKey: string): void {
    this.db
      .prepare(
        `INSERT INTO api_keys (hash, partner_id, prefix, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (hash) DO UPDATE SET revoked_at = NULL WHERE api_keys.partner_id = excluded.partner_id`,
      )
      .run(sha256Hex(apiKey), partnerId, apiKey.slice(0, 8), isoAt(this.clock()));
  }

  revokeApiKey(apiKey: string): void {
    this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE hash = ?').run(isoAt(this.clock()), sha256Hex(apiKey));
  }

  get(id: string): Partner | null {
    const row = this.db.prepare('SELECT * FROM partners WHERE id = ?').get(id) as PartnerRow | undefined;
    return row ? toPartner(row) : null;
  }

  /** The partner an API key belongs to, or null for an unknown or revoked key. */
  byApiKey(apiKey: string): Partner | null {
    const row = this.db
      .prepare('SELECT p.* FROM api_keys k JOIN partners p ON p.id = k.partner_id WHERE k.hash = ? AND k.revoked_at IS NULL')
      .get(sha256Hex(apiKey)) as PartnerRow | undefined;
    return row ? toPartner(row) : null;
  }

  /**
   * Make the configured demo partner match its configuration: created once,
   * then kept in step so `npm start` with new env values hands the BFF keys
   * that work. Earlier demo keys stop working when the key changes.
   */
  ensure(input: NewPartner & { id: string; apiKey: string; webhookSecret: string }): Partner {
    if (!this.get(input.id)) return this.create(input).partner;
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE partners SET name = ?, origins = ?, webhook_url = ?, webhook_secret = ? WHERE id = ?')
        .run(input.name, JSON.stringify(input.origins.map((o) => normalizeOrigin(o) ?? o)), input.webhookUrl ?? null, input.webhookSecret, input.id);
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE partner_id = ? AND hash != ? AND revoked_at IS NULL').run(
        isoAt(this.clock()),
        input.id,
        sha256Hex(input.apiKey),
      );
      this.addApiKey(input.id, input.apiKey);
    })();
    return this.get(input.id) as Partner;
  }
}
