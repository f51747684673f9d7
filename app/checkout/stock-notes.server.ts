// Stock notes for checkout cart lines (api.stock-notes). Reuses the storefront read model's
// pieces (app/storefront/stock.server.ts): the shop's widget settings (threshold, counts shown,
// alternatives on/off and rules), the same state rules as the product page, and the same
// alternatives ranking, all from the app's own tables (no Admin API call per checkout).
import prisma from "../db.server";
import { gid } from "../gid";
import { findAlternatives, loadWidgetSettings } from "../storefront/stock.server";
import { computeState } from "../../widget/src/state";

export interface LineRequest {
  variantId: string;
  quantity: number;
}

export type NoteStatus = "ok" | "low" | "short" | "sold_out" | "untracked";

export interface StockNote {
  variantId: string;
  status: NoteStatus;
  /** Units available; null when the shop hides counts. */
  available: number | null;
  requested: number;
  alternative?: { productId: string; title: string; url: string };
}

export const MAX_LINES = 100;

/** Parses `{lines: [{variantId, quantity}]}`; returns an error message for a bad body. */
export function parseLines(body: unknown): LineRequest[] | string {
  const lines = (body as { lines?: unknown })?.lines;
  if (!Array.isArray(lines) || lines.length === 0) return "lines must be a non-empty list of {variantId, quantity}.";
  if (lines.length > MAX_LINES) return `At most ${MAX_LINES} lines.`;
  const out: LineRequest[] = [];
  for (const l of lines) {
    const v = (l as { variantId?: unknown })?.variantId;
    const q = (l as { quantity?: unknown })?.quantity;
    if (typeof v !== "string" || !/^(gid:\/\/shopify\/ProductVariant\/)?\d{1,20}$/.test(v))
      return "variantId must be a ProductVariant id.";
    if (typeof q !== "number" || !Number.isInteger(q) || q < 1 || q > 1_000_000) return "quantity must be a whole number ≥ 1.";
    out.push({ variantId: v, quantity: q });
  }
  return out;
}

export async function stockNotes(shop: string, lines: LineRequest[]): Promise<StockNote[]> {
  const settings = await loadWidgetSettings(shop);
  // Lines of the same variant compete for the same stock.
  const wanted = new Map<string, { asked: string; quantity: number }>();
  for (const l of lines) {
    const id = gid("ProductVariant", l.variantId);
    const cur = wanted.get(id);
    wanted.set(id, { asked: cur?.asked ?? l.variantId, quantity: (cur?.quantity ?? 0) + l.quantity });
  }
  const variants = await prisma.catalogVariant.findMany({ where: { shop, variantId: { in: [...wanted.keys()] } } });
  const items = variants.filter((v) => v.tracked && v.inventoryItemId).map((v) => v.inventoryItemId!);
  const levels = items.length
    ? await prisma.inventoryLevel.groupBy({
        by: ["inventoryItemId"],
        where: { shop, inventoryItemId: { in: items } },
        _sum: { available: true },
      })
    : [];
  const notes: StockNote[] = [];
  for (const [id, { asked, quantity }] of wanted) {
    const v = variants.find((x) => x.variantId === id);
    const level = v?.inventoryItemId ? levels.find((l) => l.inventoryItemId === v.inventoryItemId) : undefined;
    // Unknown variant or no level known yet: say nothing rather than guess.
    if (!v || (v.tracked && !level)) {
      notes.push({ variantId: asked, status: "untracked", available: null, requested: quantity });
      continue;
    }
    const available = Math.max(0, level?._sum.available ?? 0);
    const state = computeState({ tracked: v.tracked, policy: v.inventoryPolicy, available }, settings.threshold);
    let status: NoteStatus;
    if (state === "untracked") status = "untracked";
    else if (state === "continue")
      status = "ok"; // overselling allowed: the order ships later, no warning
    else if (state === "sold_out") status = "sold_out";
    else if (quantity > available && v.inventoryPolicy.toUpperCase() !== "CONTINUE") status = "short";
    else if (state === "low") status = "low";
    else status = "ok";
    const note: StockNote = { variantId: asked, status, available: settings.showCount ? available : null, requested: quantity };
    if (status !== "ok" && status !== "untracked" && settings.alternativesEnabled) {
      const [alt] = await findAlternatives(shop, v.productId, settings.rules, 1);
      if (alt) note.alternative = { productId: alt.productId, title: alt.title, url: alt.url };
    }
    notes.push(note);
  }
  return notes;
}
