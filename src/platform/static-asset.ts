import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type ContentCoding, chooseEncoding } from './accept-encoding.js';

/** One stored form of a file: its bytes as sent and the ETag of exactly those bytes. */
export interface Representation {
  coding: ContentCoding;
  body: Buffer;
  etag: string;
}

export interface AssetVersion {
  /** The uncompressed bytes. */
  body: Buffer;
  /** The ETag of the uncompressed bytes (the widget's URL version is made from it). */
  etag: string;
  /** Subresource Integrity value, `sha384-<base64>`, of the uncompressed bytes: browsers check the decoded body. */
  integrity: string;
  /** Every form on disk, identity first; br and gzip when the build wrote them and they decode to `body`. */
  representations: Representation[];
}

/** Subresource Integrity of some bytes, as a `<script integrity>` wants it. */
export function sriHash(body: Buffer | string): string {
  return `sha384-${createHash('sha384').update(body).digest('base64')}`;
}

/** The files scripts/precompress.ts writes beside a built file, and how to read one back. */
const ENCODED = [
  { coding: 'br', suffix: '.br', decode: brotliDecompressSync },
  { coding: 'gzip', suffix: '.gz', decode: gunzipSync },
] as const;

const mtimeOf = async (file: string) => (await stat(file).catch(() => null))?.mtimeMs ?? null;

/**
 * A built file served as is (the SDK, the widget bundle, the demo's CSS and
 * script), with the Brotli and gzip forms `npm run build` wrote beside it:
 * nothing is compressed per request. Re-read only when one of the files
 * changes, so `npm run build` while the server runs is picked up.
 */
export class StaticAsset {
  private cached: { key: string; version: AssetVersion } | null = null;

  constructor(readonly file: string) {}

  /** The current bytes, or null when the file is not built. */
  async load(): Promise<AssetVersion | null> {
    const info = await stat(this.file).catch(() => null);
    if (!info?.isFile()) return null;
    const encodedMtimes = await Promise.all(ENCODED.map((e) => mtimeOf(this.file + e.suffix)));
    const key = [info.mtimeMs, ...encodedMtimes].join(':');
    if (this.cached?.key === key) return this.cached.version;

    const body = await readFile(this.file);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32);
    const representations: Representation[] = [{ coding: 'identity', body, etag: `"${hash}"` }];
    for (const [i, { coding, suffix, decode }] of ENCODED.entries()) {
      if (encodedMtimes[i] === null) continue;
      const encoded = await readFile(this.file + suffix).catch(() => null);
      // A leftover from an older build (or a half-written file) would send other code than the
      // SRI hash and the ETag name: decode it once per change and serve it only if it matches.
      if (!encoded || !decodesTo(encoded, decode, body)) continue;
      representations.push({ coding, body: encoded, etag: `"${hash}-${coding === 'br' ? 'br' : 'gz'}"` });
    }
    const version = { body, etag: representations[0].etag, integrity: sriHash(body), representations };
    this.cached = { key, version };
    return version;
  }
}

function decodesTo(encoded: Buffer, decode: (b: Buffer) => Buffer, body: Buffer): boolean {
  try {
    return decode(encoded).equals(body);
  } catch {
    return false;
  }
}

/** Whether an If-None-Match header names this ETag (weak or strong, in a list, or `*`). */
export function matchesEtag(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * The answer for a GET of a static asset: the form the request's Accept-Encoding
 * prefers (br, then gzip, then identity), with `Content-Encoding`,
 * `Vary: Accept-Encoding` (so a shared cache never hands Brotli to a client that
 * cannot decode it) and that form's own ETag; 304 when If-None-Match names it;
 * 406 when the request refuses every form, identity included. `headers` are the
 * route's own (type, caching, CORS), the same for every form.
 */
export function assetResponse(request: Request, asset: AssetVersion, headers: Record<string, string>): Response {
  const available = asset.representations.map((r) => r.coding);
  const chosen = chooseEncoding(request.headers.get('accept-encoding'), available);
  const common = { ...headers, Vary: 'Accept-Encoding' };
  const form = asset.representations.find((r) => r.coding === chosen);
  if (!form) {
    return new Response('None of the acceptable content codings is available: br, gzip or identity.\n', {
      status: 406,
      headers: { ...common, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }
  const formHeaders: Record<string, string> = { ...common, ETag: form.etag };
  if (form.coding !== 'identity') formHeaders['Content-Encoding'] = form.coding;
  if (matchesEtag(request.headers.get('if-none-match'), form.etag)) return new Response(null, { status: 304, headers: formHeaders });
  return new Response(new Uint8Array(form.body), { status: 200, headers: formHeaders });
}
