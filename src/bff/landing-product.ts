/** Which upstream product ids a landing may name: the configured one and SOV_PRODUCT_IDS. */
export interface ProductAllowlist {
  configured: string;
  allowed: readonly string[];
}

/**
 * The product id a conversion is sent for. A landing's `sovReqProductId` is the visitor's
 * word, so it is used only when the partner listed it; otherwise the conversion goes to
 * the configured product and its row says why (GET /conversions/:orderId `productReason`).
 */
export function chooseProduct(products: ProductAllowlist, landingProductId: string | undefined): { productId?: string; productReason?: string } {
  if (landingProductId === undefined) return {};
  if (landingProductId === products.configured || products.allowed.includes(landingProductId)) return { productId: landingProductId };
  return { productReason: `the landing's product id ${landingProductId} is not in SOV_PRODUCT_IDS: sent for SOV_PRODUCT_ID ${products.configured}` };
}
