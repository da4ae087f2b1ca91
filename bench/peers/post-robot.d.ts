// post-robot ships Flow types only; the bench uses three calls of it.
declare module 'post-robot' {
  interface Listener {
    cancel(): void;
  }
  const postRobot: {
    send(win: Window, name: string, data?: unknown, options?: { domain?: string; timeout?: number }): Promise<{ data: unknown }>;
    on(name: string, options: { domain?: string }, handler: () => unknown): Listener;
  };
  export default postRobot;
}
