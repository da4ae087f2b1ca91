import { isWidgetEventMessage, type WidgetEventMessage } from '../src/protocol/browser.js';
import { createRpc } from './rpc.js';

export type Channel = ReturnType<typeof createRpc>;

/**
 * The private port from the hello: events come in as `{sov:'event', name, payload}`
 * and are delivered only when they match the protocol (anything else, from
 * wrong types to `__proto__` keys, is dropped); calls share the port.
 */
export function openChannel(port: MessagePort, onEvent: (message: WidgetEventMessage) => void): Channel {
  return createRpc(port, (data) => {
    if (isWidgetEventMessage(data)) onEvent(data);
  });
}
