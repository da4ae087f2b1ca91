import * as z from 'zod/mini';
import { TextSchema } from './primitives.schema.js';

import { ERROR_CODES } from './error-codes.js';

export { ERROR_CODES };
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One refused field, named by its path: `{field: "payload.height", message}`. */
export const FieldErrorSchema = z.strictObject({ field: z.string(), message: TextSchema });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** Every HTTP error body: `{"success": false, "error": {"code", "message", "details"?}}`. */
export const ErrorEnvelopeSchema = z.object({
  success: z.literal(false),
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: TextSchema,
    details: z.optional(z.array(FieldErrorSchema)),
  }),
  meta: z.optional(z.object({ request_id: z.optional(z.string()) })),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function errorEnvelope(code: ErrorCode, message: string, details?: FieldError[]): ErrorEnvelope {
  return { success: false, error: details?.length ? { code, message, details } : { code, message } };
}

/** Minimal view of a zod issue, so this file needs no import from zod's internals. */
interface IssueLike {
  path: PropertyKey[];
  message: string;
  code: string;
  keys?: string[];
}

/**
 * Turn zod issues into field errors that name the field. An unknown key is
 * reported under its own name rather than the object that held it.
 */
export function fieldErrors(issues: readonly IssueLike[]): FieldError[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      return issue.keys.map((key) => ({ field: [...base, key].join('.'), message: 'is not an allowed field' }));
    }
    return [{ field: base.join('.') || '(body)', message: issue.message.slice(0, 200) }];
  });
}
