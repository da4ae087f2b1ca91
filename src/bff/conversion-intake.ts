import type { Logger } from 'pino';
import type { ConversionRecord, ConversionSource, Outbox } from '../conversions/outbox.js';
import { shortToken } from '../protocol/landing-token.js';
import type { BffMetrics } from './metrics.js';
import type { SpentTokens } from './spent-tokens.js';
import { chooseProduct, type ProductAllowlist } from './landing-product.js';

export interface IntakeInput {
  orderId: string;
  landingToken: string | null;
  source: ConversionSource;
  /** What came with the landing token in its cookie (or from the partner's server). */
  landing?: { productId?: string; couponCode?: string } | null;
}
/** takeConversion with its dependencies bound. */
export type Intake = (input: IntakeInput) => Promise<IntakeAnswer>;

export type IntakeAnswer = (
  | { status: 202; body: { attributed: true; orderId: string }; conversion: ConversionRecord; created: boolean }
  | { status: 200; body: { attributed: false; orderId: string }; conversion: null; created: false }
) & {
  /** The landing token given was spent already and was not used: a caller holding it in a cookie clears it. */
  landingTokenSpent: boolean;
};

/**
 * The spent-token rule: a landing token whose conversion the upstream already
 * accepted attributes nothing more (the upstream guide's cleanup step, see
 * docs/pipeline.md). Every path that reads a landing token asks here.
 */
export function unspentLandingToken(spent: SpentTokens, landingToken: string | null | undefined): string | null {
  return landingToken && !spent.has(landingToken) ? landingToken : null;
}

/**
 * The one door into the outbox for every path (browser, webhook, server). An
 * order already in the outbox gets the same answer again, whatever token the
 * repeat carries, so the browser, the webhook and a retry never make two rows.
 * Without a landing token (or with a spent one) there is nothing to attribute: nothing is queued.
 */
export async function takeConversion(
  deps: { outbox: Outbox; spent: SpentTokens; log: Logger; metrics: BffMetrics; onQueued?: () => void; products?: ProductAllowlist },
  input: IntakeInput,
): Promise<IntakeAnswer> {
  const { outbox, log, metrics } = deps;
  const landingToken = unspentLandingToken(deps.spent, input.landingToken);
  const landingTokenSpent = landingToken === null && input.landingToken !== null;
  const existing = await outbox.get(input.orderId);
  if (existing) return { ...queued(existing, false, deps, input.source), landingTokenSpent };
  if (!landingToken) {
    metrics.inc('sov_bff_conversions_total', 'Conversions reported to the BFF, by source and result.', { source: input.source, result: 'unattributed' });
    log.info({ event: 'conversion.unattributed', orderId: input.orderId, source: input.source }, 'no landing token: nothing queued');
    return { status: 200, body: { attributed: false, orderId: input.orderId }, conversion: null, created: false, landingTokenSpent };
  }
  const product = deps.products ? chooseProduct(deps.products, input.landing?.productId) : {};
  const couponCode = input.landing?.couponCode;
  const { conversion, created } = await outbox.enqueue({ orderId: input.orderId, token: landingToken, source: input.source, ...product, ...(couponCode ? { couponCode } : {}) });
  if (created) deps.onQueued?.();
  return { ...queued(conversion, created, deps, input.source), landingTokenSpent };
}

function queued(conversion: ConversionRecord, created: boolean, deps: { log: Logger; metrics: BffMetrics }, source: ConversionSource) {
  deps.metrics.inc('sov_bff_conversions_total', 'Conversions reported to the BFF, by source and result.', {
    source,
    result: created ? 'queued' : 'duplicate',
  });
  deps.log.info(
    { event: created ? 'conversion.queued' : 'conversion.duplicate', orderId: conversion.orderId, source, landingToken: shortToken(conversion.token), isTest: conversion.isTest },
    created ? 'conversion queued' : 'conversion already queued',
  );
  return { status: 202 as const, body: { attributed: true as const, orderId: conversion.orderId }, conversion, created };
}
