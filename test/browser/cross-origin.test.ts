import { expect } from '@open-wc/testing';
import { isHelloMessage, isWidgetEventMessage } from '../../src/protocol/browser.js';
import { addFrame, messagesUntil, nextMessage, otherOrigin, testServers } from './helpers/frames.js';

/** Wait for the hello from `frame`, accepted only on origin + source + schema, as the host SDK does. */
function helloFrom(frame: HTMLIFrameElement, origin: string) {
  return nextMessage((e) => e.origin === origin && e.source === frame.contentWindow && isHelloMessage(e.data));
}

describe('cross-origin harness', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  for (const which of ['same server on the other host name', 'separate fixture server'] as const) {
    it(`round-trips hello and a port message with a real cross-origin iframe (${which})`, async () => {
      const origin = which === 'separate fixture server' ? (await testServers()).xorigin : otherOrigin();
      const src = `${origin}${which === 'separate fixture server' ? '' : '/test/fixtures'}/hello-widget.html?parent=${encodeURIComponent(location.origin)}&channel=w-7`;
      const frame = document.createElement('iframe');
      frame.src = src;
      const hello = helloFrom(frame, origin);
      document.body.append(frame);
      const event = await hello;

      // Truly cross-origin: the host cannot reach into the frame's document.
      expect(frame.contentDocument).to.equal(null);
      expect(() => frame.contentWindow?.document).to.throw();
      expect(event.data).to.deep.equal({ sov: 'hello', protocol: 1, version: '0.1.0', channel: 'w-7' });

      const [port] = event.ports;
      const reply = new Promise<unknown>((resolve) => {
        port.onmessage = (e) => resolve(e.data);
      });
      port.postMessage({ ping: 321 });
      const message = await reply;
      expect(isWidgetEventMessage(message)).to.equal(true);
      expect(message).to.deep.equal({ sov: 'event', name: 'resize', payload: { height: 321 } });
    });
  }

  it('never delivers a hello addressed to another origin', async () => {
    const origin = otherOrigin();
    const quiet = messagesUntil(
      (e) => e.origin === origin && e.data?.fixture === 'hello-posted',
      (e) => e.origin === origin,
    );
    const done = encodeURIComponent(location.origin);
    await addFrame(`${origin}/test/fixtures/hello-widget.html?parent=${encodeURIComponent('http://example.invalid')}&done=${done}`);
    // The frame said it posted the hello (to the other origin) before its signal: nothing came here.
    expect(await quiet).to.have.length(0);
  });
});
