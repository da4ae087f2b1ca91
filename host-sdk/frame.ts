import type { ResolvedMount } from './options.js';

export interface FrameParts {
  /** Reserves the widget's height before it loads, so the page does not shift. */
  box: HTMLDivElement;
  frame: HTMLIFrameElement;
  setHeight(height: number): void;
  showFallback(on: boolean): void;
}

/**
 * The placeholder box and the iframe. `sandbox` keeps scripts, forms and the
 * widget's own origin (it calls its own API) but refuses top navigation, so a
 * compromised widget cannot take the host page away. `allow="payment"` lets a
 * checkout use the Payment Request API.
 */
export function createFrame(mount: ResolvedMount): FrameParts {
  const box = document.createElement('div');
  box.dataset.sovFrame = '';
  box.style.cssText = `position:relative;width:100%;height:${mount.height}px`;
  const frame = document.createElement('iframe');
  frame.title = mount.title ?? (mount.kind === 'checkout' ? 'Checkout' : 'Product');
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox');
  frame.allow = 'payment';
  if (mount.lazy) frame.loading = 'lazy';
  frame.style.cssText = 'display:block;width:100%;height:100%;border:0';
  const fallback = document.createElement('p');
  fallback.setAttribute('role', 'status');
  fallback.hidden = true;
  fallback.textContent = 'This content could not be loaded.';
  box.append(fallback);
  return {
    box,
    frame,
    setHeight(height) {
      box.style.height = `${height}px`; // the iframe fills the box
    },
    showFallback(on) {
      fallback.hidden = !on;
      frame.hidden = on;
    },
  };
}
