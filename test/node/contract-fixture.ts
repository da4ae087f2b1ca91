/** The store and sandbox bookkeeping shared by outbox-contract.ts and forwarder-contract.ts. */
import { after, afterEach } from 'node:test';
import type { OutboxStore } from '../../src/conversions/outbox.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';

export interface OutboxFixture {
  /**
   * A fresh, empty store; `again()` opens a second handle on the same storage (another process would);
   * `refuse(prefix)` makes the database itself refuse rows whose orderId starts with prefix (a trigger or a
   * CHECK constraint), for a row that passes the outbox's own checks and still fails in its batch.
   */
  open(now?: () => Date): Promise<OpenedStore>;
  /** Drop what the fixture created. */
  dispose(): Promise<void>;
}

export interface OpenedStore {
  store: OutboxStore;
  again(): Promise<OutboxStore>;
  refuse(prefix: string): Promise<void>;
}

export type FreshStore = (now?: () => Date) => Promise<OpenedStore>;
export type FreshSandbox = (options?: Parameters<typeof startSandbox>[0]) => Promise<RunningSandbox>;

/** Call inside a describe: stores and sandboxes made by a test are closed after it. */
export function useFixture(fixture: OutboxFixture): { fresh: FreshStore; sandbox: FreshSandbox } {
  const open: OutboxStore[] = [];
  const sandboxes: RunningSandbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
  });
  after(() => fixture.dispose());
  return {
    async fresh(now) {
      const f = await fixture.open(now);
      open.push(f.store);
      return {
        store: f.store,
        refuse: f.refuse,
        again: async () => {
          const s = await f.again();
          open.push(s);
          return s;
        },
      };
    },
    async sandbox(options = {}) {
      const s = await startSandbox({ seed: 7, ...options });
      sandboxes.push(s);
      return s;
    },
  };
}
