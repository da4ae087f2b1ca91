import { connect, WindowMessenger } from 'penpal';
import { parentOrigin, STATE } from './child-config.js';

const messenger = new WindowMessenger({ remoteWindow: window.parent, allowedOrigins: [parentOrigin()] });
connect({ messenger, methods: { getState: () => STATE } });
