import { randomBytes } from 'node:crypto';
import { isoAt, type Clock } from '../server/clock.js';
import type { Sql } from './sql.js';
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
    private readonly db: Sql,
    private readonly clock: Clock,
  ) {}

  async create(input: NewPartner): Promise<CreatedPartner> {
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
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO partners (id, name, origins, webhook_url, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        partner.id,
        partner.name,
        JSON.stringify(origins),
        partner.webhookUrl,
        webhookSecret,
        partner.createdAt,
      ]);
      await this.addApiKey(partner.id, apiKey, tx);
    });
    return { partner, apiKey, webhookSecret };
  }

  /** Register another key for a partner (rotation: add the new, then revoke the old). */
  async addApiKey(partnerId: string, apiKey: string, db: Sql = this.db): Promise<void> {
    await db.run(
      `INSERT INTO api_keys (hash, partner_id, prefix, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET revoked_at = NULL WHERE api_keys.partner_id = excluded.partner_id`,
      [sha256Hex(apiKey), partnerId, apiKey.slice(0, 8), isoAt(this.clock())],
    );
  }

  async revokeApiKey(apiKey: string): Promise<void> {
    await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE hash = ?', [isoAt(this.clock()), sha256Hex(apiKey)]);
  }

  async get(id: string, db: Sql = this.db): Promise<Partner | null> {
    const row = await db.get<PartnerRow>('SELECT * FROM partners WHERE id = ?', [id]);
    return row ? toPartner(row) : null;
  }

  /** The partner an API key belongs to, or null for an unknown or revoked key. */
  async byApiKey(apiKey: string): Promise<Partner | null> {
    const row = await this.db.get<PartnerRow>(
      'SELECT p.* FROM api_keys k JOIN partners p ON p.id = k.partner_id WHERE k.hash = ? AND k.revoked_at IS NULL',
      [sha256Hex(apiKey)],
    );
    return row ? toPartner(row) : null;
  }

  /**
   * Make the configured demo partner match its configuration: created once,
   * then kept in step so `npm start` with new env values hands the BFF keys
   * that work. Earlier demo keys stop working when the key changes. Instances
   * starting together may all run it: the upsert makes that harmless.
   */
  async ensure(input: NewPartner & { id: string; apiKey: string; webhookSecret: string }): Promise<Partner> {
    const origins = JSON.stringify(input.origins.map((o) => normalizeOrigin(o) ?? o));
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO partners (id, name, origins, webhook_url, webhook_secret, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, origins = excluded.origins, webhook_url = excluded.webhook_url,
           webhook_secret = excluded.webhook_secret`,
        [input.id, input.name, origins, input.webhookUrl ?? null, input.webhookSecret, isoAt(this.clock())],
      );
      await tx.run('UPDATE api_keys SET revoked_at = ? WHERE partner_id = ? AND hash != ? AND revoked_at IS NULL', [
        isoAt(this.clock()),
        input.id,
        sha256Hex(input.apiKey),
      ]);
      await this.addApiKey(input.id, input.apiKey, tx);
    });
    return (await this.get(input.id)) as Partner;
  }
}
