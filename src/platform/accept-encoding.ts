/** The content codings a built file is stored in (scripts/precompress.ts writes `.br` and `.gz` beside it). */
export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Our preference when the client rates several equally: the smallest bytes first. */
const SERVER_ORDER: readonly ContentCoding[] = ['br', 'gzip', 'identity'];

/** `x-gzip` is gzip (RFC 9110 §8.4.1.3). */
const ALIASES: Record<string, string> = { 'x-gzip': 'gzip' };

/** Each coding of an Accept-Encoding header with its weight (RFC 9110 §12.5.3, §12.4.2). */
function weights(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='))?.slice(2);
    const weight = q === undefined ? 1 : Number(q);
    result.set(ALIASES[name] ?? name, Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0);
  }
  return result;
}

/**
 * The coding to send, among those available, for a request's Accept-Encoding
 * (RFC 9110 §12.5.3): the highest weight wins, ties go to br, then gzip, then
 * identity; `q=0` means "not this one", also for identity and through `*`.
 * No header: identity (the client said nothing about decoding). Null when
 * nothing available is acceptable (`identity;q=0` with no usable coding).
 */
export function chooseEncoding(header: string | null | undefined, available: readonly ContentCoding[]): ContentCoding | null {
  if (header === null || header === undefined) return available.includes('identity') ? 'identity' : null;
  const w = weights(header);
  const star = w.get('*');
  // Identity is acceptable unless named with q=0, or excluded by `*;q=0` without being named; unnamed,
  // it ranks with the least-liked coding the client did name, so `br;q=0.8` still means "br, please".
  const named = [...w.values()].filter((q) => q > 0);
  const implicitIdentity = named.length ? Math.min(...named) : 1;
  const weightOf = (coding: ContentCoding) => w.get(coding) ?? star ?? (coding === 'identity' ? implicitIdentity : 0);
  let best: ContentCoding | null = null;
  let bestWeight = 0;
  for (const coding of SERVER_ORDER) {
    if (!available.includes(coding)) continue;
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}
