// The component of docs/recipes.md; `navigate` is the app's router (here: the test page records the order).
import { useEffect } from 'react';
import { useSovEmbed } from './use-sov-embed.js';

export function Checkout({ navigate }: { navigate: (path: string) => void }) {
  const { ref, handle } = useSovEmbed({ productId: 'lamp-aurora', kind: 'checkout' });
  useEffect(() => {
    handle?.on('checkout.completed', (order) => navigate(`/thanks/${order.orderId}`));
  }, [handle, navigate]);
  return <div ref={ref} />;
}
