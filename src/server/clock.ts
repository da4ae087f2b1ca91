/** Milliseconds since the epoch. Injected so tests can expire tokens and move the webhook queue forward. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const isoAt = (ms: number) => new Date(ms).toISOString();
export const secondsAt = (ms: number) => Math.floor(ms / 1000);
