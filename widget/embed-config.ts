import type { EmbedConfig } from '../src/protocol/embed-token.schema.js';
import { embedConfigProblems } from '../src/protocol/widget-guards.js';
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
  // The zod-free guard (widget-guards.ts) keeps zod out of the widget's first chunk.
  const problems = embedConfigProblems(json);
  if (problems.length) return { ok: false, message: `#${EMBED_CONFIG_ELEMENT_ID} is invalid: ${problems.join(', ')}` };
  return { ok: true, config: json as EmbedConfig };
}

/** The channel id the host SDK put in the iframe URL (`#channel=<id>`), or undefined. */
export function channelFromHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get('channel') ?? undefined;
}
