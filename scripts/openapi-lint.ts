/**
 * `npm run lint:openapi`: write the BFF's and the platform's OpenAPI documents (generated from
 * the zod schemas, as the servers serve them) to a temp folder and run `redocly lint` on them
 * with its `recommended` rules. Exits non-zero on any error or warning.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bffOpenApi } from '../src/openapi/bff-openapi.js';
import { platformOpenApi } from '../src/openapi/platform-openapi.js';

const dir = mkdtempSync(join(tmpdir(), 'sov-openapi-'));
try {
  const files = [
    ['bff.json', bffOpenApi('/api/sov')],
    ['platform.json', platformOpenApi('https://platform.example')],
  ].map(([name, document]) => {
    const file = join(dir, name as string);
    writeFileSync(file, JSON.stringify(document, null, 2));
    return file;
  });
  const redocly = join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
  execFileSync(redocly, ['lint', '--extends', 'recommended', '--max-problems', '200', ...files], { stdio: 'inherit', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
} catch {
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
