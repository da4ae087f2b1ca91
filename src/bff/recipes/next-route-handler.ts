/**
 * Recipe: the BFF in a Next.js App Router project, as
 * `app/api/sov/[...path]/route.ts`. Next.js hands each method's export a
 * standard Request and sends back the Response; the BFF routes by the full
 * path, so the folder must match its base path (/api/sov by default).
 * test/node/bff-mounting.test.ts runs this file.
 */
import { createSovBff, loadBffConfig } from '../index.js';

const bff = createSovBff(loadBffConfig());

// better-sqlite3 / pg and node:crypto need the Node.js runtime, not the Edge runtime.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = (request: Request) => bff.fetch(request);
export const POST = (request: Request) => bff.fetch(request);
export const DELETE = (request: Request) => bff.fetch(request);
export const OPTIONS = (request: Request) => bff.fetch(request);

/** For the partner's own server checkout: `await recordConversion({orderId, token})`. */
export const { recordConversion } = bff;
