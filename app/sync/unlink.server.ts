import prisma from "../db.server";

export async function unlinkInventoryItem(shop: string, inventoryItemId: string, cause: string) {
  const links = await prisma.syncLink.findMany({ where: { shop, inventoryItemId, status: "linked" } });
  for (const l of links) {
    await prisma.$transaction([
      prisma.syncLink.update({ where: { id: l.id }, data: { status: "unlinked" } }),
      prisma.stockEvent.create({
        data: { groupId: l.groupId, sku: l.sku, shop, inventoryItemId, locationId: l.locationId, cause: "unlink", delta: 0, valueAfter: l.lastSeen, result: "unlinked", detail: cause },
      }),
    ]);
  }
  return links.length;
}

/** products/delete: the catalog step already removed the variants; unlink what they left orphaned. */
export async function unlinkProduct(shop: string, productId: string) {
  const links = await prisma.syncLink.findMany({ where: { shop, status: "linked", variantId: { not: null } } });
  if (!links.length) return 0;
  const live = new Set((await prisma.catalogVariant.findMany({ where: { shop, variantId: { in: links.map((l) => l.variantId!) } }, select: { variantId: true } })).map((v) => v.variantId));
  let n = 0;
  for (const l of links) if (!live.has(l.variantId!)) n += await unlinkInventoryItem(shop, l.inventoryItemId, `products/delete ${productId}`);
  return n;
}
