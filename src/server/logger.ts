import pino, { type DestinationStream, type Logger } from 'pino';

export { shortToken } from '../protocol/landing-token.js';

/** LOG_LEVEL, else quiet under `node --test` (it sets NODE_TEST_CONTEXT), else info. */
export const defaultLevel = () => process.env.LOG_LEVEL ?? (process.env.NODE_TEST_CONTEXT ? 'silent' : 'info');

/** Fields censored wherever they appear; a landing token is logged only through `shortToken`. */
const REDACTED_PATHS = [
  'apiKey', '*.apiKey', 'token', '*.token', 'secret', '*.secret', 'webhookSecret', 'authorization', '*.authorization',
  'cookie', '*.cookie', 'receipt', '*.receipt', '*["x-api-key"]',
];

/**
 * Structured JSON logs (pino) for every server. Secrets are kept out twice:
 * known fields are redacted by path, and every line is scrubbed of the given
 * secret values, so a key that slips into a library's error message still
 * never lands in a log.
 */
/** Lines go to `destination`, else to stdout synchronously (pino's default). */
export function createLogger(options: { service: string; level?: string; secrets?: string[]; destination?: DestinationStream | NodeJS.WritableStream }): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  return pino(
    {
      level: options.level ?? defaultLevel(),
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: secrets.length ? { streamWrite: (line) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line) } : {},
    },
    options.destination as DestinationStream | undefined,
  );
}

/** The path and query of a URL with the value of every token-like parameter replaced. */
export function redactPath(url: string): string {
  const parsed = new URL(url);
  for (const name of [...parsed.searchParams.keys()]) {
    if (/token|key|secret|signature/i.test(name)) parsed.searchParams.set(name, '[redacted]');
  }
  return `${parsed.pathname}${parsed.search.replaceAll('%5Bredacted%5D', '[redacted]')}`;
}
