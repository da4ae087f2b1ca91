/** One caller's part of a batch: its own value, or its own error. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Commits a batch; returns one Settled per item, in the items' order. A throw
 * means nothing of the batch is known to be stored: every caller gets the error.
 */
export type CommitBatch<I, O> = (items: readonly I[]) => Settled<O>[] | Promise<Settled<O>[]>;

export interface GroupCommit<I, O> {
  /** Resolves once the batch holding `item` is committed (or rejects with this item's own error). */
  (item: I): Promise<O>;
  /** Resolves when nothing is queued or committing (call before closing the database). */
  idle(): Promise<void>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit: every caller that arrives while a commit runs, or in the same
 * turn of the event loop as the first, shares the next commit (one transaction,
 * one fsync), and each is answered only when that commit has returned. No timer:
 * a lone caller is committed on the next turn (setImmediate), so batching adds
 * no wait when nothing else is in flight. One commit runs at a time.
 *
 * @example
 * const store = groupCommit((rows: Row[]) => db.transaction(() => rows.map(insertOne))());
 * await store(row); // on disk when this resolves
 */
export function groupCommit<I, O>(commit: CommitBatch<I, O>, options: { maxBatch?: number } = {}): GroupCommit<I, O> {
  const maxBatch = options.maxBatch ?? 256;
  const queue: Waiting<I, O>[] = [];
  let scheduled = false;
  let running: Promise<void> | null = null;

  const schedule = () => {
    if (scheduled || running) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      running = flush().finally(() => {
        running = null;
        if (queue.length > 0) schedule();
      });
    });
  };

  async function flush(): Promise<void> {
    const batch = queue.splice(0, maxBatch);
    let results: Settled<O>[];
    try {
      results = await commit(batch.map((w) => w.item));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const result = results[i];
      if (!result) w.reject(new Error('group commit: the batch returned no result for this item'));
      else if (result.ok) w.resolve(result.value);
      else w.reject(result.error);
    });
  }

  const enqueue = ((item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    })) as GroupCommit<I, O>;

  enqueue.idle = async () => {
    while (running || scheduled || queue.length > 0) {
      if (running) await running;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return enqueue;
}
