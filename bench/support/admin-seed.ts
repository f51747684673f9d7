// Seeds the admin benchmark's shop: a two-store sync group with 5,000 SKUs (catalog, pool,
// links), 50,000 stock events and 1,000 exceptions over 30 days, reconciliation reads, survey
// answers and hot-path counters, written straight into the app's database.
import type { PrismaClient } from "@prisma/client";

const DAY = 86_400_000;

export interface SeedCounts {
  skus: number;
  stockEvents: number;
  exceptions: number;
}

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export async function seedAdminBench(db: PrismaClient, shop: string, other: string, counts: SeedCounts, now = Date.now()): Promise<{ groupId: string }> {
  const group = await db.syncGroup.create({ data: { name: "North + South", ownerShop: shop, status: "active", lastReconciledAt: new Date(now - 600_000) } });
  const locations = ["gid://shopify/Location/9001", "gid://shopify/Location/9002"];
  const [m1, m2] = await Promise.all([
    db.syncMember.create({ data: { groupId: group.id, shop, locationId: locations[0] } }),
    db.syncMember.create({ data: { groupId: group.id, shop: other, locationId: locations[1] } }),
  ]);
  const skus = Array.from({ length: counts.skus }, (_, i) => `BENCH-${String(i).padStart(5, "0")}`);
  await inChunks(skus, 1000, (c) =>
    db.catalogVariant.createMany({ data: c.map((sku, i) => ({ shop, variantId: `gid://shopify/ProductVariant/${800000 + skus.indexOf(sku)}`, productId: `gid://shopify/Product/${700000 + Math.floor(skus.indexOf(sku) / 3)}`, inventoryItemId: `gid://shopify/InventoryItem/${600000 + skus.indexOf(sku)}`, title: `Size ${i % 3}`, sku, price: String(10 + (i % 40)) })) }),
  );
  await inChunks(skus, 1000, (c) => db.syncItem.createMany({ data: c.map((sku, i) => ({ groupId: group.id, sku, pool: (i * 7) % 50 })) }));
  const items = await db.syncItem.findMany({ where: { groupId: group.id }, select: { id: true, sku: true, pool: true } });
  const links = items.flatMap((it) => [m1, m2].map((m, k) => ({ groupId: group.id, itemId: it.id, memberId: m.id, shop: m.shop, sku: it.sku, inventoryItemId: `gid://shopify/InventoryItem/${k}${it.sku.slice(6)}`, locationId: m.locationId, lastSeen: it.pool, lastSeenAt: new Date(now - DAY) })));
  await inChunks(links, 1000, (c) => db.syncLink.createMany({ data: c }));
  const linkRows = await db.syncLink.findMany({ where: { groupId: group.id }, select: { id: true, sku: true, shop: true } });
  // Reconciliation reads: one judged read per pair, 0.4 % mismatching.
  await inChunks(linkRows, 1000, (c) =>
    db.syncObservation.createMany({ data: c.map((l, i) => ({ groupId: group.id, sku: l.sku, linkId: l.id, shop: l.shop, available: 1, at: new Date(now - 900_000), kind: "reconcile", eventId: `bench-r:${l.id}`, processedAt: new Date(now - 890_000), result: i % 250 === 0 ? "drift" : "unchanged" })) }),
  );
  // Stock events over 30 days: orders at one store and the sync writes that followed.
  const events = [];
  for (let i = 0; i < counts.stockEvents; i += 2) {
    const at = now - Math.floor((i / counts.stockEvents) * 30 * DAY);
    const sku = skus[i % skus.length];
    const corr = `bench:${i}`;
    events.push({ groupId: group.id, sku, shop, cause: "order", delta: -1, valueAfter: 5, poolAfter: 5, result: "applied", sourceEventId: `bench-e:${i}`, correlationId: corr, createdAt: new Date(at) });
    events.push({ groupId: group.id, sku, shop: other, cause: "sync_write", delta: -1, valueAfter: 5, poolAfter: 5, result: "written", correlationId: corr, createdAt: new Date(at + 150 + (i % 400)) });
  }
  await inChunks(events, 2000, (c) => db.stockEvent.createMany({ data: c }));
  const obs = events.filter((e) => e.result === "applied").map((e) => ({ groupId: group.id, sku: e.sku, linkId: `bench-link:${e.sku}`, shop, available: 5, at: new Date(e.createdAt.getTime() - 40), eventId: e.sourceEventId!, processedAt: e.createdAt, result: "external" }));
  await inChunks(obs, 2000, (c) => db.syncObservation.createMany({ data: c }));
  // Exceptions over 30 days, a third still open.
  const classes = ["drift", "write_failed", "sku_conflict", "unknown_sku", "oversell"];
  const exceptions = Array.from({ length: counts.exceptions }, (_, i) => {
    const createdAt = new Date(now - Math.floor((i / counts.exceptions) * 30 * DAY));
    const open = i % 3 === 0;
    return {
      groupId: group.id,
      shop: i % 2 ? shop : other,
      sku: skus[i % skus.length],
      class: classes[i % classes.length],
      status: open ? "open" : "resolved",
      openKey: open ? `bench:${i}` : null,
      title: `${classes[i % classes.length]} on ${skus[i % skus.length]}`,
      amount: (i % 7) - 3,
      slaDueAt: new Date(createdAt.getTime() + 4 * 3_600_000),
      owner: i % 4 ? "ops@north.test" : null,
      createdAt,
      resolvedAt: open ? null : new Date(createdAt.getTime() + 3_600_000 * (1 + (i % 5))),
      resolution: open ? null : "accept_store",
      resolutionNote: open ? null : "checked",
    };
  });
  await inChunks(exceptions, 500, (c) => db.syncException.createMany({ data: c }));
  return { groupId: group.id };
}
