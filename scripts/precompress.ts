import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** What the servers serve as text and so send compressed (images such as PNG are compressed already). */
const TEXT = new Set(['.js', '.mjs', '.css', '.svg', '.html', '.json', '.txt']);

/**
 * Write `file.br` (Brotli, quality 11) and `file.gz` (gzip, level 9) beside
 * every text file in `dir`, once per build, so the servers (StaticAsset in
 * src/platform/static-asset.ts) only pick one and never compress per request.
 * Highest settings: the cost is paid once here, the bytes saved on every load.
 * A form that would not be smaller is not written (and an old one is removed).
 * Returns the files it compressed.
 */
export async function precompress(dir: string): Promise<string[]> {
  const done: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!TEXT.has(extname(name))) continue;
    const file = join(dir, name);
    const body = await readFile(file);
    const forms: [suffix: string, bytes: Buffer][] = [
      [
        '.br',
        await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
      ],
      ['.gz', await gz(body, { level: 9 })],
    ];
    for (const [suffix, bytes] of forms) {
      if (bytes.length < body.length) await writeFile(file + suffix, bytes);
      else await rm(file + suffix, { force: true });
    }
    done.push(file);
  }
  return done;
}
