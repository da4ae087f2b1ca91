// Zod-free, so the widget's guards (widget-guards.ts) can name the codes without zod.
/** Error codes of the envelope (docs/platform.md), as the partner-API conventions name them. */
export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'AUTHENTICATION_ERROR',
  'AUTHORIZATION_ERROR',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'CARD_DECLINED',
  'INSUFFICIENT_FUNDS',
  'IDEMPOTENCY_KEY_REUSED',
  'UPSTREAM_ERROR',
  'INTERNAL_ERROR',
] as const;
