import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * A landing token shortened for logs the way the upstream guide's debug helper
 * does (`token[:8]...`): enough to match a line to a visit, not enough to replay it.
 */
export function shortToken(token: string | null | undefined): string | undefined {
  if (!token) return undefined;
  return `${token.slice(0, 8)}...`;
}

/**
 * Structured JSON logs (pino). Secrets are kept out twice: known fields are
 * redacted by path, and every line is scrubbed of the configured secret values,
 * so a key that slips into an error message from a library still never lands in a log.
 */
export function createBffLogger(options: { level: string; secrets: string[]; destination?: DestinationStream }): Logger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  return pino(
    {
      level: options.level,
      base: { service: 'sov-bff' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['apiKey', '*.apiKey', 'authorization', '*.authorization', 'cookie', '*.cookie', 'token', 'receipt', '*.receipt'],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite: (line) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line),
      },
    },
    options.destination,
  );
}
