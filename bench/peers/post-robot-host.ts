import postRobot from 'post-robot';
import { defineHandshake } from './define-handshake.js';

defineHandshake(async (frame, childOrigin) => {
  // send() waits for post-robot in the child to answer its hello, then makes the call.
  await postRobot.send(frame.contentWindow as Window, 'getState', {}, { domain: childOrigin, timeout: 10_000 });
  return () => {};
});
