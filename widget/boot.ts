import { channelFromHash, readEmbedConfig } from './embed-config.js';
import { SovWidget } from './sov-widget.js';
import { type Channel, openChannel } from './channel.js';
import { createWidgetApi } from './widget-api.js';
import type { EarlyStart } from './early-start.js';

/**
 * Start the widget in the /embed document: read the config, hand it to the
 * `<sov-widget>` on the page (or add one), and open the channel to the host.
 * Without a config the widget shows nothing and says why in the console; a
 * page without `#channel=` (opened directly, or in a preview) works standalone.
 * When the document's early script already shook hands (`early`), the widget continues on its port.
 */
export function boot(doc: Document = document, win: Window = window, early: EarlyStart | undefined = win.sovEarlyStart): Channel | undefined {
  const read = readEmbedConfig(doc);
  if (!read.ok) {
    console.error(`sov-widget: ${read.message}`);
    return undefined;
  }
  const widget = doc.querySelector('sov-widget') ?? doc.body.appendChild(new SovWidget());
  if (early) widget.continueFrom(early);
  widget.config = read.config;
  const channel = channelFromHash(win.location.hash);
  if (!channel) return undefined;
  return openChannel({ element: widget, origin: read.config.origin, channel, api: createWidgetApi(widget), target: win.parent, port: early?.port });
}

/**
 * Boot once `<sov-widget>` can be found. The /embed document loads this bundle `async` from its head
 * (it runs as soon as its bytes arrive): the config is parsed by then, the body may not be yet.
 */
export function bootWhenParsed(doc: Document = document, win: Window = window): void {
  if (doc.readyState === 'loading' && !doc.querySelector('sov-widget')) {
    doc.addEventListener('DOMContentLoaded', () => boot(doc, win), { once: true });
  } else boot(doc, win);
}
