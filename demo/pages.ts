import { COPY } from './copy.js';
import { escapeHtml, layout, type PageContext } from './layout.js';

/** The product the product page shows and the one the checkout page sells (the platform's demo catalogue). */
export const PRODUCT_PAGE_PRODUCT = 'lamp-aurora';
export const CHECKOUT_PAGE_PRODUCT = 'mug-nordic';

/** The product page: the widget mounts itself from data attributes. */
function productPage(ctx: PageContext): string {
  const t = COPY[ctx.locale];
  return layout(
    ctx,
    t.productTitle,
    `      <section class="intro">
        <p class="eyebrow">${t.eyebrowProduct}</p>
        <h1>${t.productTitle}</h1>
        <p class="lead">${t.productLead}</p>
      </section>
      <div class="widget-slot" id="product-widget" data-sov-widget data-product-id="${PRODUCT_PAGE_PRODUCT}" data-kind="product" data-locale="${ctx.locale}" data-height="320"></div>`,
  );
}

/** The checkout page: shop.js calls SovEmbed.mount on #checkout-widget (through the queue if need be). */
function checkoutPage(ctx: PageContext): string {
  const t = COPY[ctx.locale];
  return layout(
    ctx,
    t.checkoutTitle,
    `      <section class="intro">
        <p class="eyebrow">${t.eyebrowCheckout}</p>
        <h1>${t.checkoutTitle}</h1>
        <p class="lead">${t.checkoutLead}</p>
      </section>
      <div class="widget-slot" id="checkout-widget" data-product-id="${CHECKOUT_PAGE_PRODUCT}"></div>
      <p id="checkout-outcome" class="outcome" role="status"></p>`,
  );
}

/**
 * The shop's own checkout: its server takes the order and reports the conversion. shop.js posts the
 * form as JSON; without JavaScript the browser posts it and the server sends the page back with the order.
 */
function ownCheckoutPage(ctx: PageContext): string {
  const t = COPY[ctx.locale];
  return layout(
    ctx,
    t.ownTitle,
    `      <section class="intro">
        <p class="eyebrow">${t.eyebrowOwn}</p>
        <h1>${t.ownTitle}</h1>
        <p class="lead">${t.ownLead}</p>
      </section>
      <form id="own-checkout" class="card own-checkout" method="post" action="/shop/orders" novalidate>
        <div class="line"><span>${t.ownItem}</span><strong>${new Intl.NumberFormat(ctx.locale, { style: 'currency', currency: 'EUR' }).format(25)}</strong></div>
        <label>${t.ownName}<input name="name" autocomplete="name" value="Ada Lovelace" required></label>
        <label>${t.ownEmail}<input name="email" type="email" autocomplete="email" value="ada@example.com" required></label>
        <button class="primary" type="submit">${t.ownSubmit}</button>
        <p id="own-outcome" class="outcome" role="status" data-placed="${t.ownPlaced}">${ctx.placed ? `${t.ownPlaced}: ${escapeHtml(ctx.placed)}` : ''}</p>
      </form>`,
  );
}

export const PAGES = { '/': productPage, '/checkout': checkoutPage, '/own-checkout': ownCheckoutPage } as const;
