/**
 * Landing capture on page requests (bff.captureLanding / captureLandingCookie): what it
 * adds to a page request, in process, per call. A request without `sovReqToken` (nearly
 * every page view) against a floor that reads the same URL and does nothing with it; a
 * landing request (parse, check, serialise the cookie) for scale. Median of 7 rounds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { captureLandingCookie, captureLandingMiddleware } from '../src/bff/capture-landing.js';
import { type BenchResult, fmt } from './lib/report.js';
import { median, round } from './lib/stats.js';

const CALLS = 200_000;
const ROUNDS = 7;
const PAGE = 'https://shop.example/products/lamp-aurora?utm_source=newsletter&utm_medium=email&variant=blue';

/** Nanoseconds per call of `fn`, the median of ROUNDS rounds of CALLS calls. */
function nsPerCall(fn: (i: number) => unknown): number {
  let sink = 0;
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) sink += fn(i) ? 1 : 0;
    rounds.push(Number(process.hrtime.bigint() - t0) / CALLS);
  }
  if (sink < 0) console.log(sink); // keeps the calls from being optimised away
  return median(rounds);
}

export async function benchCapture(): Promise<BenchResult> {
  const page = new Request(PAGE);
  const landing = new Request(`${PAGE}&sovReqToken=12345-test-123-12345&sovCouponCode=WELCOME10`);
  const floor = nsPerCall(() => page.url.length > 0);
  const miss = nsPerCall(() => captureLandingCookie(page));
  const hit = nsPerCall(() => captureLandingCookie(landing));
  // The Node form on the same request, with a response that only collects the header.
  const middleware = captureLandingMiddleware();
  const req = { url: '/products/lamp-aurora?utm_source=newsletter&utm_medium=email&variant=blue', headers: { host: 'shop.example' } } as unknown as IncomingMessage;
  const res = { getHeader: () => undefined, setHeader: () => res } as unknown as ServerResponse;
  const nodeMiss = nsPerCall(() => middleware(req, res));
  return {
    figures: {
      capture_miss_ns: round(miss, 1),
      capture_floor_ns: round(floor, 1),
      capture_node_miss_ns: round(nodeMiss, 1),
      capture_hit_ns: round(hit, 0),
    },
    rows: [
      { figure: 'landing capture, page request without sovReqToken (Fetch form, per call)', ours: fmt(round(miss, 1), 'ns'), floor: `${fmt(round(floor, 1), 'ns')} (read request.url)` },
      { figure: 'landing capture, same request (Node middleware, per call)', ours: fmt(round(nodeMiss, 1), 'ns') },
      { figure: 'landing capture, landing request (parse, check, Set-Cookie)', ours: fmt(round(hit, 0), 'ns') },
    ],
  };
}
