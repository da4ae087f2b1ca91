/**
 * Entry of the early script (dist/widget/early.js) that a product card's /embed document runs
 * right after the server-rendered card (see early-start.ts), then the widget bundle named by its
 * `data-widget`. The bundle is imported from here rather than by an element of its own: it then
 * never runs in this task, so hello and ready leave the frame (which they do only when the task
 * that posted them ends) without waiting for the bundle's compile and first render.
 */
import { startEarly } from './early-start.js';

const widgetUrl = (document.currentScript as HTMLScriptElement | null)?.dataset.widget;
const early = parent === window ? undefined : startEarly(document, location.hash, parent);
window.sovEarlyStart = early;
// In a task of its own (setTimeout): setting up the import took ~2 ms of this task in a trace, before the messages could leave.
if (widgetUrl) {
  setTimeout(() =>
    import(widgetUrl).catch(() => {
      // The host has had ready: say that the widget will not come (offline, a deploy in between), as the widget says it of its checkout.
      early?.port.postMessage({
        sov: 'event',
        name: 'error',
        payload: { code: 'NETWORK_ERROR', message: 'The widget could not be loaded.' },
      });
    }),
  );
}
