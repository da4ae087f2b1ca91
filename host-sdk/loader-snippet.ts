/**
 * The inline queue snippet (built minified to dist/snippet/snippet.js):
 * paste it before the script tag so calls made before the SDK arrives are
 * kept in order and replayed when it loads. It does nothing if SovEmbed exists.
 */
((w: { SovEmbed?: unknown }) => {
  if (w.SovEmbed) return;
  const q: unknown[] = [];
  const stub: Record<string, unknown> = { q };
  for (const m of ['init', 'mount', 'on', 'off', 'setConsent', 'reportConversion']) {
    stub[m] = (...args: unknown[]) => {
      q.push([m, args]);
    };
  }
  w.SovEmbed = stub;
})(window as { SovEmbed?: unknown });
