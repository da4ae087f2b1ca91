/** English, the reference catalogue of the product card's texts: every other locale must provide the same keys (see CardMessages). */
export const en = {
  loading: 'Loading…',
  loadError: 'We could not load this product.',
  loadErrorHint: 'Please check your connection and try again.',
  retry: 'Try again',
  inStock: (n: number) => `In stock: ${n}`,
  outOfStock: 'Out of stock',
  buy: 'Buy now',
};

/** The shape every card catalogue must have. */
export type CardMessages = typeof en;
