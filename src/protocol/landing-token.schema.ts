import * as z from 'zod/mini';
import { LANDING_TOKEN_MAX, LANDING_TOKEN_PATTERN } from './landing-token.js';

/** The landing token as a zod schema, for servers and the widget. */
export const LandingTokenSchema = z.string().check(
  z.maxLength(LANDING_TOKEN_MAX),
  z.regex(LANDING_TOKEN_PATTERN, 'must look like aaaaa-aaaa-aaa-aaaaa (ASCII letters and digits)'),
);

/** `POST /api/sov/landing` */
export const LandingRequestSchema = z.strictObject({ token: LandingTokenSchema });
export type LandingRequest = z.infer<typeof LandingRequestSchema>;
