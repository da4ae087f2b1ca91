/**
 * `npm run platform -- <command>`:
 *   partner:create --name <name> --origin <origin> [--origin …] [--webhook <url>] [--no-samples]
 *   sri [--base <platform url>] [--all]   the SDK's script tag with its SRI hash (after `npm run build`);
 *                                   --all: the one-file tag, for pages whose Trusted Types allow no policy
 *   keys:rotate                     start signing with a new key; the old one stays in the JWKS
 *   serve                           run the platform alone on PLATFORM_PORT (5174)
 * Uses the same database as `npm start` (DATA_DIR, PLATFORM_DB).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { platformConfigFromEnv } from './config.js';
import { createPlatform } from './create-platform.js';
import { SDK_ALL_PATH, SDK_PATH } from './public-routes.js';
import { startPlatform } from './start-platform.js';
import { PlatformConfigError } from './startup-checks.js';
import { StaticAsset } from './static-asset.js';

const USAGE = 'usage: npm run platform -- partner:create --name … --origin … [--webhook …] | sri [--base …] [--all] | keys:rotate | serve';
const [command, ...rest] = process.argv.slice(2);

function readOptions() {
  try {
    return parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        webhook: { type: 'string' },
        'no-samples': { type: 'boolean' },
        all: { type: 'boolean' },
        base: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(1);
  }
}
const values = readOptions();

if (command === 'serve') {
  const running = await startPlatform().catch((error: unknown) => {
    if (!(error instanceof PlatformConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  console.log(`SovEmbed platform on ${running.url}`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}

const config = platformConfigFromEnv();

// The tag needs only the built file, not the database.
if (command === 'sri') {
  const path = values.all ? SDK_ALL_PATH : SDK_PATH;
  const file = path.split('/').pop() as string;
  const integrity = (await new StaticAsset(join(config.distDir, 'sdk', file)).load())?.integrity;
  if (!integrity) {
    console.error(`dist/sdk/${file} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  const base = (values.base ?? config.publicUrl ?? 'http://127.0.0.1:5174').replace(/\/+$/, '');
  console.log(`<script src="${base}${path}" integrity="${integrity}" crossorigin="anonymous" async></script>`);
  process.exit(0);
}

// These commands edit the database and serve nothing: no demo partner is seeded and no order is
// placed, so the fingerprint secret is not needed (a throwaway one satisfies the start-up check).
const platform = await createPlatform({ ...config, demo: null, fingerprintSecret: config.fingerprintSecret ?? randomBytes(32).toString('hex'), logLevel: 'silent' });
let exitCode = 0;

try {
  if (command === 'partner:create') {
    if (!values.name || !values.origin?.length) throw new Error('partner:create needs --name and at least one --origin');
    const created = await platform.partners.create({ name: values.name, origins: values.origin, webhookUrl: values.webhook ?? null });
    const products = values['no-samples'] ? [] : await platform.products.seedSamples(created.partner.id);
    console.log(
      JSON.stringify(
        {
          partnerId: created.partner.id,
          name: created.partner.name,
          origins: created.partner.origins,
          webhookUrl: created.partner.webhookUrl,
          apiKey: created.apiKey,
          webhookSecret: created.webhookSecret,
          productIds: products.map((p) => p.id),
        },
        null,
        2,
      ),
    );
    console.error('\nThe API key and webhook secret are shown only now: store them on the partner’s server.');
  } else if (command === 'keys:rotate') {
    const { kid } = await platform.keys.rotate();
    console.log(`Now signing with ${kid}; earlier keys stay in the JWKS while what they signed is valid.`);
  } else {
    throw new Error(USAGE);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await platform.close();
}
process.exit(exitCode);
