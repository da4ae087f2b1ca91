import pino, { type Logger } from 'pino';

/**
 * pino, JSON lines. Secrets never reach a log line: request headers are not
 * logged at all, token query values are cut from paths (`redactPath`), and
 * any field named like a secret is censored should someone log one anyway.
 */
export function createLogger(level = defaultLevel(), stream?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sov-platform' },
      redact: {
        paths: ['apiKey', 'token', 'secret', 'webhookSecret', 'authorization', '*.apiKey', '*.token', '*.secret', '*.authorization', '*["x-api-key"]'],
        censor: '[redacted]',
      },
    },
    stream ?? pino.destination({ sync: false }),
  );
}

/** LOG_LEVEL, else quiet under `node --test` (it sets NODE_TEST_CONTEXT), else info. */
export const defaultLevel = () => process.env.LOG_LEVEL ?? (process.env.NODE_TEST_CONTEXT ? 'silent' : 'info');

/** The path and query of a URL with the value of every token-like parameter replaced. */
export function redactPath(url: string): string {
  const parsed = new URL(url);
  for (const name of [...parsed.searchParams.keys()]) {
    if (/token|key|secret|signature/i.test(name)) parsed.searchParams.set(name, '[redacted]');
  }
  return `${parsed.pathname}${parsed.search.replaceAll('%5Bredacted%5D', '[redacted]')}`;
}
