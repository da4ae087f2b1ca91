import type { Logger } from 'pino';
import { createForwarder, type Forwarder, type ForwarderConfig } from '../conversions/forwarder.js';
import type { ConversionRecord, OutboxStore } from '../conversions/outbox.js';
import type { SpentTokenStore } from '../conversions/spent-tokens.js';
import type { BffConfig } from './config.js';
import { shortToken } from '../protocol/landing-token.js';

export type ForwarderTuning = Partial<Omit<ForwarderConfig, 'outbox' | 'spentTokens' | 'upstreamUrl' | 'productId' | 'apiKey' | 'apiKeys' | 'onDelivered' | 'onSettled' | 'onError'>>;

/**
 * Run the pipeline's forwarder on the BFF's outbox once it is open. The
 * forwarder gets the upstream settings and nothing else of the configuration;
 * each settled attempt becomes one log line with the token shortened.
 */
export function startForwarding(input: {
  config: BffConfig;
  opening: Promise<[OutboxStore, SpentTokenStore]>;
  log: Logger;
  tuning?: ForwarderTuning;
  onDelivered: (conversion: ConversionRecord) => void;
}): { wake(): void; stop(): Promise<void> } {
  const { config, log } = input;
  let forwarder: Forwarder | null = null;
  const started = input.opening.then(([outbox, spentTokens]) => {
    forwarder = createForwarder({
      ...input.tuning,
      outbox,
      spentTokens,
      upstreamUrl: config.sovUpstreamUrl,
      productId: config.sovProductId,
      apiKey: config.sovApiKey,
      apiKeys: config.sovApiKeys,
      onDelivered: input.onDelivered,
      onSettled: (c, outcome) =>
        log.info(
          { event: `conversion.${outcome.kind}`, orderId: c.orderId, status: outcome.status, attempts: c.attempts, reason: c.lastReason, landingToken: shortToken(c.token) },
          `upstream answered ${outcome.status ?? 'nothing'}`,
        ),
      onError: (error) => log.error({ event: 'forwarder.error', error: error instanceof Error ? error.message : String(error) }, 'forwarder error'),
    });
    forwarder.start();
  });
  // An outbox that cannot open is reported where it is opened; there is simply nothing to forward.
  started.catch(() => {});
  return {
    wake: () => (forwarder as Forwarder | null)?.wake(),
    async stop() {
      await started.catch(() => {});
      await (forwarder as Forwarder | null)?.stop();
    },
  };
}
