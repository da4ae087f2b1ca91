/** Small helpers for the cross-process tests. */

/** A distinct production token per number: 5-4-3-5 letters and digits. */
export function token(i: number): string {
  const s = String(i).padStart(5, '0');
  return `${s}-a${s.slice(2)}-b${s.slice(3)}-${s}`;
}

/** Wait until `check` holds; fail with `what` after `timeoutMs` (a safety net, not a timing assertion). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
