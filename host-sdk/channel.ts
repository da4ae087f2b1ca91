import { isWidgetEventMessage, type WidgetEventMessage } from '../src/protocol/browser.js';
import { createRpc } from './rpc.js';

export interface Channel {
  call: ReturnType<typeof createRpc>['call'];
  close(): void;
}

/**
 * The private port from the hello: events come in as `{sov:'event', name, payload}`
 * and are delivered only when they match the protocol (anything else, from
 * wrong types to `__proto__` keys, is dropped); calls share the port.
 */
export function openChannel(port: MessagePort, onEvent: (message: WidgetEventMessage) => void): Channel {
  const rpc = createRpc(port);
  const listener = (event: MessageEvent) => {
    if (isWidgetEventMessage(event.data)) onEvent(event.data);
  };
  port.addEventListener('message', listener);
  port.start();
  return {
    call: rpc.call,
    close() {
      rpc.close();
      port.removeEventListener('message', listener);
      port.close();
    },
  };
}
