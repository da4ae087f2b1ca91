import { defineConfig, type UserConfig } from 'vite';

/**
 * Three browser bundles, one per mode:
 * - default: the script-tag SDK, an IIFE at dist/sdk/sov-embed.js
 * - esm:     the SDK as an ES module for bundler users, dist/esm/index.js
 * - widget:  the Lit widget for the /embed document, dist/widget/widget.js
 */
const builds: Record<string, UserConfig['build']> = {
  production: {
    outDir: 'dist/sdk',
    lib: { entry: 'host-sdk/script-tag.ts', formats: ['iife'], name: 'SovEmbedScript', fileName: () => 'sov-embed.js' },
  },
  esm: {
    outDir: 'dist/esm',
    lib: { entry: 'host-sdk/index.ts', formats: ['es'], fileName: () => 'index.js' },
  },
  // An app build, not a library one, so the widget is fully minified.
  widget: {
    outDir: 'dist/widget',
    rollupOptions: { input: 'widget/main.ts', output: { entryFileNames: 'widget.js', format: 'es' } },
  },
};

export default defineConfig(({ mode }) => ({
  // Lit's production build: no dev-mode warnings, smaller.
  resolve: { conditions: ['browser', 'production'] },
  esbuild: { target: 'es2022' },
  build: {
    target: 'es2020',
    minify: true,
    emptyOutDir: true,
    reportCompressedSize: false,
    ...(builds[mode] ?? builds.production),
  },
}));
