import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

export interface AssetVersion {
  body: Buffer;
  etag: string;
  /** Subresource Integrity value, `sha384-<base64>`. */
  integrity: string;
}

/** Subresource Integrity of some bytes, as a `<script integrity>` wants it. */
export function sriHash(body: Buffer | string): string {
  return `sha384-${createHash('sha384').update(body).digest('base64')}`;
}

/**
 * A built file served as is (the SDK, the widget bundle). Re-read only when
 * its mtime changes, so `npm run build` while the server runs is picked up.
 */
export class StaticAsset {
  private cached: { mtimeMs: number; version: AssetVersion } | null = null;

  constructor(readonly file: string) {}

  /** The current bytes, or null when the file is not built. */
  async load(): Promise<AssetVersion | null> {
    const info = await stat(this.file).catch(() => null);
    if (!info?.isFile()) return null;
    if (this.cached?.mtimeMs === info.mtimeMs) return this.cached.version;
    const body = await readFile(this.file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
    const version = { body, etag, integrity: sriHash(body) };
    this.cached = { mtimeMs: info.mtimeMs, version };
    return version;
  }
}

/** Whether an If-None-Match header names this ETag (weak or strong, in a list, or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
