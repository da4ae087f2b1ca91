type Connect = (frame: HTMLIFrameElement, childOrigin: string) => Promise<() => void>;

/**
 * Define `window.benchHandshake(src)`: iframe created → connected → one call
 * answered, in ms; the frame is torn down afterwards.
 */
export function defineHandshake(connect: Connect): void {
  (window as unknown as { benchHandshake(src: string): Promise<number> }).benchHandshake = async (src) => {
    const frame = document.createElement('iframe');
    const t0 = performance.now();
    frame.src = src;
    document.body.append(frame);
    const teardown = await connect(frame, new URL(src).origin);
    const ms = performance.now() - t0;
    teardown();
    frame.remove();
    return ms;
  };
}
