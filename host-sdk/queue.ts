import type { InitOptions, SovEmbedApi } from './types.js';

/** What the inline snippet leaves on `window.SovEmbed` before the script arrives. */
export interface QueueStub {
  q?: unknown[];
}

/** The first queued `init(options)`, if any, so it runs before capture decides anything. */
export function queuedInit(stub: QueueStub | undefined): InitOptions | undefined {
  const call = Array.isArray(stub?.q) ? stub.q.find((c) => Array.isArray(c) && c[0] === 'init') : undefined;
  return (call as [string, unknown[]] | undefined)?.[1]?.[0] as InitOptions | undefined;
}

/** Replay the calls queued before the script loaded, in order; unknown ones are skipped. */
export function replayQueue(stub: QueueStub | undefined, sdk: SovEmbedApi): void {
  if (!Array.isArray(stub?.q)) return;
  for (const call of stub.q) {
    const [method, args] = Array.isArray(call) ? call : [];
    // init already ran with the queued options; only the SDK's own functions are called.
    if (method !== 'init' && Object.hasOwn(sdk, method) && typeof sdk[method as 'on'] === 'function' && Array.isArray(args)) {
      (sdk[method as 'on'] as (...a: unknown[]) => unknown)(...args);
    }
  }
}
