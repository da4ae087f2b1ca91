import { build } from 'vite';

/** Build the browser bundles (see vite.config.ts), quietly. */
export async function buildBundles(): Promise<void> {
  for (const mode of ['production', 'debug', 'esm', 'widget']) {
    await build({ mode, logLevel: 'warn' });
  }
}
