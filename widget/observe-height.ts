import { HEIGHT_MAX } from '../src/protocol/patterns.js';

/**
 * Report `element`'s height whenever it changes, at most once per animation
 * frame (a burst of layout changes becomes one message) and never the same
 * height twice in a row. Returns a function that stops observing.
 */
export function observeHeight(element: Element, report: (height: number) => void): () => void {
  // The element's own window: observers and frames belong to the document that renders it.
  const view = element.ownerDocument.defaultView ?? window;
  let frame = 0;
  let latest = 0;
  let reported = -1;
  const flush = () => {
    frame = 0;
    if (latest === reported) return;
    reported = latest;
    report(latest);
  };
  const observer = new view.ResizeObserver((entries) => {
    const box = entries[entries.length - 1].borderBoxSize?.[0];
    latest = Math.min(HEIGHT_MAX, Math.ceil(box ? box.blockSize : element.getBoundingClientRect().height));
    if (!frame) frame = view.requestAnimationFrame(flush);
  });
  observer.observe(element);
  return () => {
    observer.disconnect();
    view.cancelAnimationFrame(frame);
  };
}
