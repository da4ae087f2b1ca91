/**
 * The upstream's landing token (`sovReqToken`), parsed without zod so the host
 * SDK can use it at no size cost.
 *
 * Accepted forms (the upstream guide's "Token Syntax", see docs/pipeline.md):
 * - production `aaaaa-aaaa-aaa-aaaaa`
 * - test       `aaaaa-test-aaa-aaaaa` (the second group is the word "test", lowercase:
 *   TEST_TOKEN_PATTERN is the guide's own test-token regex, character for character)
 * - the 5-5-3-5 form of the guide's own URL example, `XXXXX-XXXXX-XXX-XXXXX`
 * Each `a` is an ASCII letter or digit, any case. Accepting the 5-5-3-5 form
 * too is deliberate: rejecting a real token loses a conversion, while the
 * upstream answers a wrong one with 422, which we record.
 */
export const LANDING_TOKEN_PATTERN = /^[A-Za-z0-9]{5}-[A-Za-z0-9]{4,5}-[A-Za-z0-9]{3}-[A-Za-z0-9]{5}$/;
export const LANDING_TOKEN_MAX = 21;
/** The upstream guide's "Test Token Validation" regex, as written: `-TEST-` or `-Test-` is a production-form token. */
export const TEST_TOKEN_PATTERN = /^[a-zA-Z0-9]{5}-test-[a-zA-Z0-9]{3}-[a-zA-Z0-9]{5}$/;
/** The query parameter the upstream appends to the partner's landing URL (it can be renamed on request). */
export const DEFAULT_TOKEN_PARAM = 'sovReqToken';
/**
 * The other landing parameters of a Sovendus link: the upstream product the click belongs to,
 * and the voucher the visitor arrived with (kept for the partner's reporting and to pre-fill the
 * shop's coupon field). Both optional; each name can be changed like the token's.
 */
export const DEFAULT_PRODUCT_ID_PARAM = 'sovReqProductId';
export const DEFAULT_COUPON_PARAM = 'sovCouponCode';
/** An upstream product id (the guide's are UUIDs): the BFF's SOV_PRODUCT_ID rule. */
export const UPSTREAM_PRODUCT_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
/** A voucher code: letters, digits, `_` and `-` (never the `.` that separates the cookie's fields). */
export const COUPON_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The BFF's first-party HttpOnly cookie that keeps the landing token (the durable copy). */
export const LANDING_COOKIE = 'sov_landing';
/**
 * Landing tokens are kept this long, as the upstream guide advises (24 h): the
 * one lifetime of both copies, the host SDK's IndexedDB record (its `ttlSeconds`
 * default) and the BFF's cookie.
 */
export const LANDING_TTL_SECONDS = 86_400;
/** The longest lifetime a partner may give a landing (browsers keep no cookie longer: RFC 6265bis caps Max-Age at 400 days). */
export const LANDING_TTL_MAX_SECONDS = 400 * 86_400;

export interface LandingToken {
  token: string;
  isTest: boolean;
}

export function isLandingToken(value: unknown): value is string {
  // Length first: a 10 kB query value costs nothing to refuse.
  return typeof value === 'string' && value.length <= LANDING_TOKEN_MAX && LANDING_TOKEN_PATTERN.test(value);
}

/** Whether a token is a test token by the upstream guide's rule (TEST_TOKEN_PATTERN). */
export function isTestToken(token: string): boolean {
  return TEST_TOKEN_PATTERN.test(token);
}

/** Parse and classify a landing token; null for anything that is not one. */
export function parseLandingToken(value: unknown): LandingToken | null {
  if (!isLandingToken(value)) return null;
  return { token: value, isTest: isTestToken(value) };
}

/**
 * A landing token shortened for logs and the debug console (`token[:8]...`, as
 * the upstream's debug helper prints it): enough to match a line to a visit,
 * not enough to replay it.
 */
export function shortToken(landingToken: string): string;
export function shortToken(landingToken: string | null | undefined): string | undefined;
export function shortToken(landingToken: string | null | undefined): string | undefined {
  return landingToken ? `${landingToken.slice(0, 8)}...` : undefined;
}
