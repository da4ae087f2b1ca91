/** The parent's origin, written into the child page by the bench server. */
export function parentOrigin(): string {
  return (window as unknown as { BENCH_PARENT: string }).BENCH_PARENT;
}

export const STATE = { view: 'product', kind: 'product', productId: 'lamp-aurora', locale: 'en' };
