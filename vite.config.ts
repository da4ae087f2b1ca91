import { createHash } from 'node:crypto';
import { build, defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';
import { constAsLet } from './scripts/vite-let.js';

/** How the script-tag files are minified, the core, its part and the one-file build alike. */
const scriptTag = {
  // ES2022 like the protocol guards (Object.hasOwn): no down-levelled `??=` or `?.` helpers.
  target: 'es2022',
  // terser (three passes) packs this bundle about 90 bytes gzip tighter than the default minifier.
  // Vite turns on terser's safari10 workarounds unless told otherwise; an ES2022 bundle never runs in Safari 10
  // (Object.hasOwn needs 15.4), and the workarounds cost 22 bytes gzip.
  // `unsafe` (27 bytes gzip): here it writes `${a}b` as a+"b" and new Error(m) as Error(m). The two differ only
  // for an object with its own valueOf or Symbol.toPrimitive inside a template; ours hold strings, numbers,
  // arrays of field names and caught errors. Its other rewrites assume built-ins are not replaced.
  minify: 'terser',
  terserOptions: { ecma: 2020, safari10: false, compress: { passes: 3, unsafe: true } },
  // terser takes a few seconds; rolldown would print a timing notice on every build (npm start's stderr).
  rollupOptions: { checks: { pluginTimings: false } },
} satisfies UserConfig['build'];

/**
 * The browser bundles, one per mode:
 * - default: the script tag's core, an IIFE at dist/sdk/sov-embed.js, with its part (the `part` build) beside it
 *            as dist/sdk/sov-embed-part-<hash>.js, whose name and sha384 the core carries
 * - part:    the script tag's part alone (the default build makes it itself)
 * - all:     the whole script-tag SDK in one IIFE, dist/sdk/sov-embed-all.js, for pages that allow no Trusted Types policy
 * - esm:     the SDK as an ES module for bundler users, dist/esm/index.js
 * - widget:  the Lit widget for the /embed document, dist/widget/widget.js and its checkout part in dist/widget/chunks/
 * - early:   the product card's early script beside it, dist/widget/early.js (handshake and ready before the widget runs)
 * - snippet: the inline queue snippet partners paste before the tag, dist/snippet/snippet.js
 * - debug:   the debug logger the script tag imports on demand, dist/sdk/sov-embed-debug.js
 */
const builds: Record<string, UserConfig['build']> = {
  production: {
    ...scriptTag,
    outDir: 'dist/sdk',
    lib: { entry: 'host-sdk/script-tag.ts', formats: ['iife'], name: 'SovEmbedScript', fileName: () => 'sov-embed.js' },
  },
  part: {
    ...scriptTag,
    outDir: 'dist/sdk',
    emptyOutDir: false,
    lib: { entry: 'host-sdk/sdk-part.ts', formats: ['iife'], name: 'SovEmbedPart', fileName: () => 'sov-embed-part.js' },
  },
  all: {
    ...scriptTag,
    outDir: 'dist/sdk',
    emptyOutDir: false,
    lib: { entry: 'host-sdk/script-tag-all.ts', formats: ['iife'], name: 'SovEmbedAll', fileName: () => 'sov-embed-all.js' },
  },
  // Bundlers resolve comlink and idb-keyval themselves, so a page never ships two copies.
  esm: {
    target: 'es2022',
    outDir: 'dist/esm',
    lib: { entry: 'host-sdk/index.ts', formats: ['es'], fileName: () => 'index.js' },
    rollupOptions: { external: ['comlink', 'idb-keyval'] },
  },
  // The debug logger, an ES module beside the script tag that imports it only when asked (script-install.ts).
  debug: {
    target: 'es2022',
    outDir: 'dist/sdk',
    emptyOutDir: false,
    lib: { entry: 'host-sdk/debug/attach-debug.ts', formats: ['es'], fileName: () => 'sov-embed-debug.js' },
  },
  // A classic script of its own (no imports, so no shared chunk and no second request), run by the /embed
  // document right after the server-rendered card; built after the widget, into the same folder.
  early: {
    target: 'es2022',
    outDir: 'dist/widget',
    emptyOutDir: false,
    lib: { entry: 'widget/early-main.ts', formats: ['iife'], name: 'SovEarly', fileName: () => 'early.js' },
  },
  snippet: {
    outDir: 'dist/snippet',
    lib: { entry: 'host-sdk/loader-snippet.ts', formats: ['iife'], name: 'SovEmbedSnippet', fileName: () => 'snippet.js' },
  },
  // An app build, not a library one, so the widget is fully minified. The checkout part is a
  // chunk named by a hash of its bytes (served immutable under /embed/chunks/, relative to
  // widget.js); no modulepreload helper, which would resolve its paths from the site root.
  widget: {
    // ES2022 like the SDK: class fields and `??=` stay as written, not down-levelled into helpers.
    target: 'es2022',
    outDir: 'dist/widget',
    modulePreload: false,
    // .vite/manifest.json: which chunk holds which module, so the /embed document can preload them.
    manifest: true,
    rollupOptions: {
      input: 'widget/main.ts',
      output: { entryFileNames: 'widget.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' },
    },
  },
};

/** The script tag's part, built and named by a hash of its bytes; its sha384 is what the core checks it against. */
async function buildPart(): Promise<{ file: string; code: string; integrity: string }> {
  const result = (await build({ configFile: import.meta.filename, mode: 'part', logLevel: 'silent', build: { write: false } })) as
    | Rollup.RollupOutput
    | Rollup.RollupOutput[];
  const code = (Array.isArray(result) ? result[0] : result).output[0].code;
  const digest = createHash('sha384').update(code).digest();
  return { file: `sov-embed-part-${digest.toString('hex').slice(0, 16)}.js`, code, integrity: `sha384-${digest.toString('base64')}` };
}

/** Writes the part beside the core. */
const emitPart = (part: { file: string; code: string }): Plugin => ({
  name: 'sov-script-tag-part',
  apply: 'build',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: part.file, source: part.code });
  },
});

export default defineConfig(async ({ mode }) => {
  const part = mode === 'production' ? await buildPart() : null;
  return {
    // Lit's production build: no dev-mode warnings, smaller.
    resolve: { conditions: ['browser', 'production'] },
    // Only the script-tag files, held to their budgets (scripts/size.ts).
    plugins: part ? [constAsLet(), emitPart(part)] : mode === 'part' || mode === 'all' ? [constAsLet()] : [],
    define: part ? { __SOV_PART__: JSON.stringify({ file: part.file, integrity: part.integrity }) } : {},
    esbuild: { target: 'es2022' },
    build: {
      target: 'es2020',
      minify: true,
      emptyOutDir: true,
      reportCompressedSize: false,
      ...(builds[mode] ?? builds.production),
    },
  };
});
