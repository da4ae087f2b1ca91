import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * One value of the SDK's own, under `key` in the IndexedDB database `name` (object store `kv`), opened on first
 * use: nothing touches IndexedDB before a call needs it. idb-keyval opens the database (and reopens it when
 * Safari closes it); these are its get, update and del with the database always named, because theirs fall back
 * to a default database when none is passed, and that fallback would ship in the script tag.
 */
export function kvValue<T>(name: string, key: string) {
  let store: UseStore | undefined;
  const db = () => (store ??= createStore(name, 'kv'));
  const run = <R>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<R>) => db()(mode, fn);
  return {
    get: () => run('readonly', (s) => promisifyRequest<T | undefined>(s.get(key))),
    /**
     * Read, change and write back in one transaction: no other tab or call sees the value in between.
     * A throwing `change` aborts the transaction (an exception in a request's handler does), so nothing is written.
     */
    update: (change: (old: T | undefined) => T) =>
      run('readwrite', (s) => {
        const request = s.get(key);
        request.onsuccess = () => s.put(change(request.result), key);
        return promisifyRequest(s.transaction);
      }),
    del: () =>
      run('readwrite', (s) => {
        s.delete(key);
        return promisifyRequest(s.transaction);
      }),
  };
}
