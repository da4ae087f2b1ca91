import type { SovEmbedApi, WidgetHandle } from './types.js';

const SELECTOR = '[data-sov-widget]';

/**
 * `<div data-sov-widget data-product-id="…" data-kind="checkout" data-locale="de">`
 * mounts by itself, present at load or added later; removing it destroys it.
 */
export function watchDeclarative(sdk: SovEmbedApi): () => void {
  const handles = new Map<Element, WidgetHandle>();
  const mountOne = (el: Element) => {
    if (handles.has(el) || !(el instanceof HTMLElement)) return;
    const { productId, kind, locale, height } = el.dataset;
    handles.set(
      el,
      sdk.mount(el, { productId: productId as string, kind: kind as 'product', locale, height: height ? Number(height) : undefined }),
    );
  };
  const scan = (node: Node) => {
    if (!(node instanceof Element)) return;
    if (node.matches(SELECTOR)) mountOne(node);
    for (const el of node.querySelectorAll(SELECTOR)) mountOne(el);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(scan);
    for (const [el, handle] of handles) {
      if (el.isConnected) continue;
      handle.destroy();
      handles.delete(el);
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  scan(document.documentElement);
  return () => observer.disconnect();
}
