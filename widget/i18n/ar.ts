import type { CardMessages } from './en.js';

export const ar: CardMessages = {
  loading: 'جارٍ التحميل…',
  loadError: 'تعذّر تحميل هذا المنتج.',
  loadErrorHint: 'يرجى التحقق من اتصالك والمحاولة مرة أخرى.',
  retry: 'أعد المحاولة',
  inStock: (n) => `متوفر: ${n}`,
  outOfStock: 'نفد من المخزون',
  buy: 'اشترِ الآن',
};
