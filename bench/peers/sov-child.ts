// The widget's side of our handshake, as widget/channel.ts does it: one port
// transferred in a hello to the parent's origin, comlink expose on it.
import { expose } from 'comlink';
import { PROTOCOL_VERSION, SOV_VERSION } from '../../src/protocol/version.js';
import { parentOrigin, STATE } from './child-config.js';

const { port1, port2 } = new MessageChannel();
expose({ getState: () => STATE }, port1);
const channel = new URLSearchParams(location.hash.slice(1)).get('channel') ?? '';
window.parent.postMessage({ sov: 'hello', protocol: PROTOCOL_VERSION, version: SOV_VERSION, channel }, parentOrigin(), [port2]);
