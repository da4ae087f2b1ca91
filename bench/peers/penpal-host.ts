import { connect, WindowMessenger } from 'penpal';
import { defineHandshake } from './define-handshake.js';

defineHandshake(async (frame, childOrigin) => {
  const messenger = new WindowMessenger({ remoteWindow: frame.contentWindow as Window, allowedOrigins: [childOrigin] });
  const connection = connect<{ getState(): Promise<unknown> }>({ messenger });
  const remote = await connection.promise;
  await remote.getState();
  return () => connection.destroy();
});
