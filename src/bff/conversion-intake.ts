import type { Logger } from 'pino';
import type { ConversionRecord, ConversionSource, Outbox } from '../conversions/outbox.js';
import type { SpentTokenStore } from '../conversions/spent-tokens.js';
import { shortToken } from '../protocol/landing-token.js';
import type { BffMetrics } from './metrics.js';
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

export interface IntakeDeps {
  outbox: Outbox;
  spent: Pick<SpentTokenStore, 'isSpent'>;
  log: Logger;
  metrics: BffMetrics;
  onQueued?: () => void;
  /** SOV_PRODUCT_ID and SOV_PRODUCT_IDS: which upstream product a landing may name. */
  products?: ProductAllowlist;
}

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
export async function unspentLandingToken(spent: Pick<SpentTokenStore, 'isSpent'>, landingToken: string | null | undefined): Promise<string | null> {
  return landingToken && !(await spent.isSpent(landingToken)) ? landingToken : null;
}

/**
 * A landing token that disagrees with the platform's word on an order: counted
 * and logged as a security event (tokens shortened). Either a visitor who landed
 * again between the embed and the payment, or page script trying to take the
 * order's attribution for another token.
 */
export function landingTokenDisagreement(
  deps: Pick<IntakeDeps, 'log' | 'metrics'>,
  details: { orderId: string; path: 'browser' | 'webhook'; presented: string; platform?: string; outcome: string },
): void {
  deps.metrics.inc('sov_bff_landing_token_disagreements_total', 'Landing tokens that disagreed with the platform’s word on an order, by path and outcome.', {
    path: details.path,
    outcome: details.outcome,
  });
  deps.log.warn(
    {
      event: 'security.landing_token_mismatch',
      orderId: details.orderId,
      path: details.path,
      presentedToken: shortToken(details.presented),
      platformToken: shortToken(details.platform),
      outcome: details.outcome,
    },
    'a landing token disagreed with the platform’s word on the order; the platform’s token wins',
  );
}

/**
 * The one door into the outbox for every path (browser, webhook, server). An
 * order already in the outbox gets the same answer again, whatever token the
 * repeat carries, so the browser, the webhook and a retry never make two rows;
 * except that the platform's signed webhook replaces the token of a row the
 * browser reported while it is still pending (the platform's word wins).
 * Without a landing token (or with a spent one) there is nothing to attribute: nothing is queued.
 */
export async function takeConversion(deps: IntakeDeps, input: IntakeInput): Promise<IntakeAnswer> {
  const { outbox, log, metrics } = deps;
  const landingToken = await unspentLandingToken(deps.spent, input.landingToken);
  const landingTokenSpent = landingToken === null && input.landingToken !== null;
  // Only the webhook replaces a token, and without a token there is nothing to enqueue. Otherwise enqueue
  // answers an order already there itself (its first row, created: false), so the read before it is saved.
  const existing = input.source === 'webhook' || !landingToken ? await outbox.get(input.orderId) : null;
  if (existing) {
    if (input.source === 'webhook' && landingToken && existing.token !== landingToken) {
      const replaced = existing.source === 'browser' && existing.state === 'pending' ? await outbox.replaceToken(input.orderId, landingToken) : null;
      landingTokenDisagreement(deps, {
        orderId: input.orderId,
        path: 'webhook',
        presented: existing.token,
        platform: landingToken,
        outcome: replaced ? 'replaced' : `kept_${existing.state}`,
      });
      if (replaced) return { ...queued(replaced, false, deps, input.source), landingTokenSpent };
    }
    return { ...queued(existing, false, deps, input.source), landingTokenSpent };
  }
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
