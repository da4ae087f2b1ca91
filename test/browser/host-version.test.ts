import { expect } from '@open-wc/testing';
import { SOV_VERSION } from '../../src/protocol/version.js';
import { bffSpace, box, cleanPage, command, frameIn, freshSdk, recorder, until } from './helpers/host-harness.js';

/**
 * Versioning (CHANGELOG.md): `hello` carries the wire `protocol` generation and
 * the widget's package `version`. The host pairs on the protocol alone, so a
 * widget one minor release ahead or behind the host SDK still talks to it; a
 * widget of another protocol generation is refused.
 */
describe('host SDK and widget of other releases', () => {
  afterEach(cleanPage);

  const [major, minor] = SOV_VERSION.split('.').map(Number);
  const newer = `${major}.${minor + 1}.0`;
  const older = minor > 0 ? `${major}.${minor - 1}.9` : `${major}.0.0`;

  for (const version of [newer, older]) {
    it(`talks to a widget that says version ${version} (host ${SOV_VERSION})`, async () => {
      const space = await bffSpace({ widget: `version=${version}` });
      const sdk = freshSdk(space.bff);
      const el = box();
      const handle = sdk.mount(el, { productId: 'p-ver', kind: 'product', locale: 'de' });
      const seen = recorder(handle, ['product.viewed']);
      expect(await handle.ready).to.deep.equal({ productId: 'p-ver', kind: 'product', locale: 'de' });
      // Both directions work: an event from the widget and a call into it.
      command(frameIn(el), { test: 'emit', name: 'product.viewed', payload: { productId: 'p-ver', amount: 100, currency: 'EUR' } });
      await until(() => seen.length, 'the product.viewed event');
      expect(await handle.getState()).to.deep.equal({ view: 'product', kind: 'product', productId: 'p-ver', locale: 'de' });
      handle.destroy();
    });
  }

  it('refuses a widget of another protocol generation (handshake times out, with an error event)', async () => {
    const space = await bffSpace({ widget: 'version=2.0.0&protocol=2' });
    const sdk = freshSdk(space.bff, { handshakeTimeout: 1500 });
    const handle = sdk.mount(box(), { productId: 'p-future', lazy: false });
    const errors = recorder(handle, ['error']);
    const failure = await handle.ready.then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).to.equal('HANDSHAKE_TIMEOUT');
    expect(errors.map((e) => (e.payload as { code: string }).code)).to.deep.equal(['HANDSHAKE_TIMEOUT']);
  });
});
