// The React hook of docs/recipes.md, as written there; test/e2e/engines/frameworks.test.ts builds and runs it.
import { useEffect, useRef, useState } from 'react';
import { type MountOptions, SovEmbed, type SovEventPayloads, type WidgetHandle } from 'sov-embed';

export function useSovEmbed(options: MountOptions) {
  const ref = useRef<HTMLDivElement | null>(null);
  const [handle, setHandle] = useState<WidgetHandle | null>(null);
  const [ready, setReady] = useState<SovEventPayloads['ready'] | null>(null);
  const { productId, kind, locale } = options;

  useEffect(() => {
    if (!ref.current) return;
    const widget = SovEmbed.mount(ref.current, { productId, kind, locale });
    setHandle(widget);
    widget.ready.then(setReady, () => setReady(null));
    return () => widget.destroy();
  }, [productId, kind, locale]);

  return { ref, handle, ready };
}
