/**
 * The demo shop's page script (built to /assets/shop.js): the live panel on
 * every page, plus what each page does with SovEmbed. No inline handlers: the
 * pages' CSP allows only this file, the platform's SDK and the nonce'd snippet.
 */
import { startPanel, trackOrder } from './panel.js';
import { sovEmbed } from './sdk.js';

const page = document.body.dataset.page;
const locale = document.body.dataset.locale ?? 'en';

startPanel();

if (page === 'checkout') {
  const slot = document.getElementById('checkout-widget') as HTMLElement;
  const outcome = document.getElementById('checkout-outcome') as HTMLElement;
  const sdk = sovEmbed();
  // Through the queue when the script tag has not arrived yet: the call is replayed when it does.
  sdk?.mount(slot, { productId: slot.dataset.productId as string, kind: 'checkout', locale, height: 628 });
  sdk?.on('checkout.completed', ({ orderId }) => {
    outcome.textContent = `Thank you! Order ${orderId} is paid.`;
  });
  sdk?.on('checkout.failed', ({ reason }) => {
    outcome.textContent = reason;
  });
}

if (page === 'own-checkout') {
  const form = document.getElementById('own-checkout') as HTMLFormElement;
  const outcome = document.getElementById('own-outcome') as HTMLElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const button = form.querySelector('button') as HTMLButtonElement;
    button.disabled = true;
    try {
      const answer = await fetch('/shop/orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: data.name, email: data.email }),
      });
      const body = await answer.json();
      if (!answer.ok) {
        outcome.textContent =
          body?.error?.details?.map((d: { field: string; message: string }) => `${d.field} ${d.message}`).join('; ') ?? 'Order failed';
        return;
      }
      // The shop's own checkout tells SovEmbed about the order; the BFF attributes it by the landing cookie.
      await sovEmbed()?.reportConversion({ orderId: body.orderId });
      trackOrder(body.orderId, 'own checkout');
      outcome.textContent = `${outcome.dataset.placed}: ${body.orderId}`;
    } catch {
      outcome.textContent = 'The shop is not reachable right now.';
    } finally {
      button.disabled = false;
    }
  });
}
