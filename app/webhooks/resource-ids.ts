// The resources a webhook delivery names, extracted once at intake and stored as inbox columns
// (WebhookInbox.inventoryItemId / variantIds / orderId), so readers query columns instead of
// scanning raw payloads. Pure: a payload that is not what the topic promises yields nulls.

export interface ResourceIds {
  inventoryItemId: string | null;
  /** numeric variant ids, space-delimited and -wrapped (" 11 12 "), so `contains: " 11 "` matches one */
  variantIds: string | null;
  orderId: string | null;
}

const NONE: ResourceIds = { inventoryItemId: null, variantIds: null, orderId: null };

const num = (v: unknown): number | null => (typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);

function variantList(ids: (number | null)[]): string | null {
  const uniq = [...new Set(ids.filter((x): x is number => x !== null))].sort((a, b) => a - b);
  return uniq.length ? ` ${uniq.join(" ")} ` : null;
}

export function variantToken(variantId: string | number): string {
  return ` ${String(variantId).split("/").pop()} `;
}

export function resourceIds(topic: string, rawBody: string): ResourceIds {
  let p: Record<string, unknown>;
  try {
    const parsed = JSON.parse(rawBody) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return NONE;
    p = parsed as Record<string, unknown>;
  } catch {
    return NONE;
  }
  const items = (k: string): Record<string, unknown>[] => (Array.isArray(p[k]) ? (p[k] as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : []);
  switch (topic) {
    case "inventory_levels/update":
    case "inventory_levels/connect":
    case "inventory_levels/disconnect": {
      const id = num(p.inventory_item_id);
      return { ...NONE, inventoryItemId: id ? `gid://shopify/InventoryItem/${id}` : null };
    }
    case "inventory_items/create":
    case "inventory_items/update":
    case "inventory_items/delete": {
      const id = num(p.id);
      return { ...NONE, inventoryItemId: id ? `gid://shopify/InventoryItem/${id}` : null };
    }
    case "orders/create":
    case "orders/updated":
    case "orders/paid":
    case "orders/cancelled": {
      const id = num(p.id);
      return { ...NONE, orderId: id ? `gid://shopify/Order/${id}` : null, variantIds: variantList(items("line_items").map((l) => num(l.variant_id))) };
    }
    case "refunds/create": {
      const id = num(p.order_id);
      const lines = items("refund_line_items").map((r) => (r.line_item && typeof r.line_item === "object" ? num((r.line_item as Record<string, unknown>).variant_id) : null));
      return { ...NONE, orderId: id ? `gid://shopify/Order/${id}` : null, variantIds: variantList(lines) };
    }
    default:
      return NONE;
  }
}
