import type { CardMessages } from './en.js';

export const de: CardMessages = {
  loading: 'Wird geladen…',
  loadError: 'Das Produkt konnte nicht geladen werden.',
  loadErrorHint: 'Bitte prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  retry: 'Erneut versuchen',
  inStock: (n) => `Auf Lager: ${n}`,
  outOfStock: 'Ausverkauft',
  buy: 'Jetzt kaufen',
};
