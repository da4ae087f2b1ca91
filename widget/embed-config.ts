import { type EmbedConfig, EmbedConfigSchema } from '../src/protocol/embed-token.schema.js';
import { EMBED_CONFIG_ELEMENT_ID } from '../src/protocol/http.js';

/**
 * The config the platform's /embed document put in
 * `<script type="application/json" id="sov-config">`. It is data the
 * platform derived from the verified token, but it is still parsed: a page
 * without it, or with a malformed one, gets a readable refusal, not a crash.
 */
export function readEmbedConfig(doc: Document = document): { ok: true; config: EmbedConfig } | { ok: false; message: string } {
  const text = doc.getElementById(EMBED_CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return { ok: false, message: `missing <script type="application/json" id="${EMBED_CONFIG_ELEMENT_ID}">` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `#${EMBED_CONFIG_ELEMENT_ID} is not JSON` };
  }
  const parsed = EmbedConfigSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    return { ok: false, message: `#${EMBED_CONFIG_ELEMENT_ID} is invalid: ${[...new Set(fields)].join(', ')}` };
  }
  return { ok: true, config: parsed.data };
}

/** The channel id the host SDK put in the iframe URL (`#channel=<id>`), or undefined. */
export function channelFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('channel') ?? undefined;
}
