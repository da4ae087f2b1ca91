import { expect } from '@open-wc/testing';
import { observeHeight } from './observe-height.js';
import { visibleWindow } from './test-helpers.js';

describe('observeHeight', () => {
  let popup: Window;
  const frame = () => new Promise((resolve) => popup.requestAnimationFrame(resolve));
  /** Frames run rAF callbacks before ResizeObserver callbacks, so a report lands two frames after a change: wait three. */
  const settle = async () => {
    for (let i = 0; i < 3; i++) await frame();
  };
  const box = () => {
    const div = popup.document.createElement('div');
    div.style.blockSize = '10px';
    popup.document.body.append(div);
    return div;
  };
  beforeEach(() => {
    popup = visibleWindow();
  });
  afterEach(() => popup.close());

  it('reports a burst of changes within one frame once, with the final height', async () => {
    const el = box();
    const reports: number[] = [];
    const stop = observeHeight(el, (h) => reports.push(h));
    await settle();
    expect(reports).to.deep.equal([10]);
    for (const h of [20, 30, 40, 55]) {
      el.style.blockSize = `${h}px`;
      el.getBoundingClientRect();
    }
    await settle();
    expect(reports).to.deep.equal([10, 55]);
    stop();
  });

  it('does not repeat a height it already reported, and stops when asked', async () => {
    const el = box();
    const reports: number[] = [];
    const stop = observeHeight(el, (h) => reports.push(h));
    await settle();
    el.style.blockSize = '30px';
    await settle();
    el.style.blockSize = '10px';
    el.getBoundingClientRect();
    el.style.blockSize = '10.4px';
    await settle();
    stop();
    el.style.blockSize = '99px';
    await settle();
    expect(reports).to.deep.equal([10, 30, 11]);
  });
});
