import { z } from 'zod';
import type { UPSTREAM_TRANSIENT_BODIES } from '../protocol/upstream.js';

/**
 * Faults the sandbox injects into upstream calls. Each rate is the share of
 * calls (0..1) that get that fault; together they may not exceed 1.
 * - status500Rate: answer 500 without recording anything.
 * - timeoutRate: hold the call past the client's timeout, record nothing.
 * - rate429: answer 429 with Retry-After: retryAfterSeconds.
 * - timeoutAfterAcceptRate: accept the conversion, then hold the answer past
 *   the client's timeout (the one case where a retry is a second real call).
 * - latencyMs: delay every answer by this much.
 * - acceptedBodyNote: add a `note` field with this text to every 200 body (the
 *   documented fields stay): an upstream whose accepted answer carries more
 *   than its guide shows, e.g. a NUL byte (`\u0000`) or a megabyte of text.
 */
export const FaultsSchema = z
  .strictObject({
    status500Rate: z.number().min(0).max(1).default(0),
    timeoutRate: z.number().min(0).max(1).default(0),
    timeoutAfterAcceptRate: z.number().min(0).max(1).default(0),
    rate429: z.number().min(0).max(1).default(0),
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    acceptedBodyNote: z.string().max(2_000_000).optional(),
  })
  .refine((f) => f.status500Rate + f.timeoutRate + f.timeoutAfterAcceptRate + f.rate429 <= 1, {
    message: 'the four rates together may not exceed 1',
    path: ['status500Rate'],
  });
export type Faults = z.output<typeof FaultsSchema>;
export type FaultsInput = z.input<typeof FaultsSchema>;

export type FaultKind = '500' | 'timeout' | '429' | 'timeoutAfterAccept';

/** The status each answered fault gives: a transient answer of src/protocol/upstream.ts (a timeout is logged as the gateway's 504). */
export const FAULT_STATUS = { '500': 500, '429': 429, timeout: 504 } as const satisfies Record<Exclude<FaultKind, 'timeoutAfterAccept'>, keyof typeof UPSTREAM_TRANSIENT_BODIES>;

export const NO_FAULTS: Faults = FaultsSchema.parse({});

/** One draw decides the fault of one call, so the rates are exact shares of one range. */
export function pickFault(faults: Faults, draw: number): FaultKind | null {
  let edge = faults.status500Rate;
  if (draw < edge) return '500';
  edge += faults.timeoutRate;
  if (draw < edge) return 'timeout';
  edge += faults.rate429;
  if (draw < edge) return '429';
  edge += faults.timeoutAfterAcceptRate;
  if (draw < edge) return 'timeoutAfterAccept';
  return null;
}

/** A small seeded generator (mulberry32) so a chaos run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
