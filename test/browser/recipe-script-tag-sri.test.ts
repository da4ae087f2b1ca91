import { expect } from '@open-wc/testing';
import { testServers } from './helpers/frames.js';

/** The recipe's tag: `<script src integrity crossorigin="anonymous" async>`; resolves with whether it ran. */
function addTag(src: string, integrity: string): Promise<boolean> {
  const tag = document.createElement('script');
  tag.src = src;
  tag.integrity = integrity;
  tag.crossOrigin = 'anonymous';
  tag.async = true;
  const ran = new Promise<boolean>((resolve) => {
    tag.onload = () => resolve(true);
    tag.onerror = () => resolve(false);
  });
  document.head.append(tag);
  return ran;
}

/** sha384-<base64>, the value `npm run platform -- sri` prints (test/node/platform-embed.test.ts checks that side). */
async function sri(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
  return `sha384-${btoa(String.fromCharCode(...digest))}`;
}

describe('recipe: the script tag with Subresource Integrity, from another origin', () => {
  it('runs the SDK when the hash matches its bytes and refuses it when it does not', async () => {
    const { hostSdk } = await testServers();
    const src = `${hostSdk}/sdk/v1/sov-embed.js`;
    const integrity = await sri(await (await fetch(src)).arrayBuffer());

    const tampered = `sha384-${'A'.repeat(64)}`;
    expect(await addTag(src, tampered)).to.equal(false);
    expect(window.SovEmbed).to.equal(undefined);

    expect(await addTag(src, integrity)).to.equal(true);
    expect(window.SovEmbed?.version).to.equal('0.1.0');
  });
});
