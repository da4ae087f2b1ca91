// Ours, the same work: the host SDK's own handshake (origin + source + schema +
// channel checks, the transferred port) and its comlink-wire caller.
import { openChannel } from '../../host-sdk/channel.js';
import { listenForHello } from '../../host-sdk/handshake.js';
import { defineHandshake } from './define-handshake.js';

defineHandshake(async (frame, childOrigin) => {
  const channelId = new URL(frame.src).hash.slice('#channel='.length);
  let stop = () => {};
  const port = await new Promise<MessagePort>((resolve) => {
    stop = listenForHello(frame, childOrigin, channelId, resolve);
  });
  const channel = openChannel(port, () => {});
  await channel.call('getState', []);
  return () => {
    stop();
    channel.close();
  };
});
