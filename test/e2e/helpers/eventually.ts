import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Poll until `check` returns a value other than undefined/false, or fail at
 * the deadline with `what` and the last value seen. For eventual outcomes
 * (a conversion reaching the upstream); never a timing assertion.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(100);
  }
}
