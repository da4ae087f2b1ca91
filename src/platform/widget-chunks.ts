import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StaticAsset } from './static-asset.js';

/** A chunk's file name as the widget build writes it (vite.config.ts): name, hash of its bytes, `.js`. */
const CHUNK_NAME = /^[A-Za-z0-9_-]{1,100}\.js$/;

/** What the build's manifest (dist/widget/.vite/manifest.json) says of one source module. */
interface ManifestEntry {
  file: string;
}

/**
 * The widget's lazily imported chunks (the checkout part, the catalogues other
 * than English) in dist/widget/chunks/: each is served from
 * `/embed/chunks/<name>-<hash>.js`, a URL that names its bytes, and the /embed
 * document preloads the ones a widget will need at once (its locale's texts,
 * the checkout part for a checkout widget), read from the build's manifest.
 */
export class WidgetChunks {
  private readonly assets = new Map<string, StaticAsset>();
  private manifest: { mtime: number; entries: Record<string, ManifestEntry> } | null = null;

  constructor(private readonly dir: string) {}

  /** The chunk of that file name, or null (not a chunk name, or not built). */
  async load(name: string) {
    if (!CHUNK_NAME.test(name)) return null;
    let asset = this.assets.get(name);
    if (!asset) {
      asset = new StaticAsset(join(this.dir, 'chunks', name));
      const version = await asset.load();
      if (!version) return null;
      // Only names that exist are remembered, so guessing names cannot grow the map.
      this.assets.set(name, asset);
      return version;
    }
    return asset.load();
  }

  /** Chunk file names (relative to dist/widget) a widget of this kind and locale imports before its first render. */
  async preloads(kind: string, locale: string): Promise<string[]> {
    const entries = await this.entries();
    const sources = [`widget/i18n/${locale.split('-')[0].toLowerCase()}.ts`];
    if (kind === 'checkout') sources.push('widget/checkout-part.ts');
    return sources.flatMap((source) => (entries[source] && CHUNK_NAME.test(entries[source].file.replace(/^chunks\//, '')) ? [entries[source].file] : []));
  }

  private async entries(): Promise<Record<string, ManifestEntry>> {
    const file = join(this.dir, '.vite', 'manifest.json');
    const mtime = (await stat(file).catch(() => null))?.mtimeMs ?? -1;
    if (this.manifest?.mtime !== mtime) {
      const text = mtime < 0 ? '{}' : await readFile(file, 'utf8').catch(() => '{}');
      this.manifest = { mtime, entries: parse(text) };
    }
    return this.manifest.entries;
  }
}

function parse(text: string): Record<string, ManifestEntry> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, ManifestEntry>) : {};
  } catch {
    return {};
  }
}
