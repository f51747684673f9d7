// Calls the app's /api/stock-notes with the checkout session token (Authorization: Bearer).
export interface StockAlternative {
  productId: string;
  title: string;
  /** Storefront path, e.g. /products/blue-mug. */
  url: string;
}

export interface StockNote {
  variantId: string;
  status: "ok" | "low" | "short" | "sold_out" | "untracked";
  /** null when the shop hides stock counts. */
  available: number | null;
  requested: number;
  alternative?: StockAlternative;
}

export const APP_URL: string = process.env.APP_URL || "";

export async function fetchStockNote(
  getToken: () => Promise<string>,
  variantId: string,
  quantity: number,
  /** Shopify's checkout token: lets the app join what this note said to the order (survey KPIs). */
  checkoutToken?: string,
): Promise<StockNote | null> {
  const token = await getToken();
  const res = await fetch(`${APP_URL}/api/stock-notes`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ lines: [{ variantId, quantity }], ...(checkoutToken ? { checkoutToken } : {}) }),
  });
  if (!res.ok) throw new Error(`stock-notes ${res.status}`);
  const body = (await res.json()) as { notes?: StockNote[] };
  return body.notes?.find((n) => n.variantId === variantId) ?? null;
}
