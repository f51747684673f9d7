import type { SyncGroup, SyncMember } from "@prisma/client";
import prisma from "../db.server";

export interface PreviewRow {
  key: string;
  members: { shop: string; variantId: string; inventoryItemId: string | null; title: string }[];
}

export interface GroupPreview {
  matched: PreviewRow[];
  unmatched: PreviewRow[];
  conflicting: { key: string; shop: string; variants: { variantId: string; title: string }[] }[];
  missingKey: { shop: string; variantId: string; title: string }[];
}

/** What enabling would link: keys in several stores, keys in one, duplicates within a store, variants without a key. */
export async function previewGroup(group: SyncGroup, members: SyncMember[]): Promise<GroupPreview> {
  const byKey = new Map<string, Map<string, PreviewRow["members"]>>();
  const missingKey: GroupPreview["missingKey"] = [];
  for (const m of members) {
    const variants = await prisma.catalogVariant.findMany({ where: { shop: m.shop, tracked: true }, orderBy: { variantId: "asc" } });
    for (const v of variants) {
      const key = (group.matchBy === "barcode" ? v.barcode : v.sku)?.trim();
      if (!key) {
        missingKey.push({ shop: m.shop, variantId: v.variantId, title: v.title });
        continue;
      }
      const perShop = byKey.get(key) ?? new Map();
      perShop.set(m.shop, [...(perShop.get(m.shop) ?? []), { shop: m.shop, variantId: v.variantId, inventoryItemId: v.inventoryItemId, title: v.title }]);
      byKey.set(key, perShop);
    }
  }
  const out: GroupPreview = { matched: [], unmatched: [], conflicting: [], missingKey };
  for (const [key, perShop] of [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const dup = [...perShop.entries()].filter(([, vs]) => vs.length > 1);
    if (dup.length) {
      for (const [s, vs] of dup) out.conflicting.push({ key, shop: s, variants: vs.map((v) => ({ variantId: v.variantId, title: v.title })) });
      continue;
    }
    const row = { key, members: [...perShop.values()].map((vs) => vs[0]) };
    (perShop.size > 1 ? out.matched : out.unmatched).push(row);
  }
  return out;
}
