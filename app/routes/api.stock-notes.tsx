// POST /api/stock-notes  {lines: [{variantId, quantity}]} → {notes: StockNote[]}
// Called by extensions/checkout-stock with the checkout session token.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticateCheckout, readJson } from "../checkout/auth.server";
import { parseLines, stockNotes } from "../checkout/stock-notes.server";
import { recordCartStockNotes } from "../kpi/cart-notes.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { cors } = await authenticateCheckout(request);
  return cors(json({ error: "Use POST with {lines: [{variantId, quantity}]}." }, { status: 405, headers: { Allow: "POST" } }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, cors } = await authenticateCheckout(request);
  if (request.method !== "POST") return cors(json({ error: "Method not allowed." }, { status: 405, headers: { Allow: "POST" } }));
  const body = await readJson(request);
  const lines = parseLines(body);
  if (typeof lines === "string") return cors(json({ error: lines }, { status: 400 }));
  const notes = await stockNotes(shop, lines);
  await recordCartStockNotes(shop, (body as { checkoutToken?: unknown }).checkoutToken, notes);
  return cors(json({ notes }, { headers: { "Cache-Control": "no-store" } }));
};
