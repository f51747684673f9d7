// A flash-sale set-up for the fault suites: two stand-in shops with the app installed (through
// the app's own token exchange), one shared SKU, an active sync group linking them. The group
// is created with the app's own sync modules in this process, against the same database the
// app's child processes use.
import { gid, type Store } from "../../dev/store/index.ts";
import type { AppProcesses } from "./harness";
import { sleep, waitFor } from "./harness";

export const SHOPS = ["north-shop", "south-shop"] as const;
export const domain = (h: string) => `${h}.myshopify.com`;

export interface FlashSetup {
  sku: string;
  units: number;
  groupId: string;
  variantIds: Record<string, number>;
  inventoryItemIds: Record<string, number>;
  locationIds: Record<string, number>;
}

export async function setUpFlashSale(app: AppProcesses, sku: string, units: number): Promise<FlashSetup> {
  const c = app.standin.control;
  const variantIds: Record<string, number> = {};
  const inventoryItemIds: Record<string, number> = {};
  const locationIds: Record<string, number> = {};
  const { default: prisma } = await import("../../app/db.server");
  for (const h of SHOPS) {
    if (!app.standin.store.hasShop(domain(h))) c.createShop({ shop: h });
    const r = c.createProduct({ shop: h, title: sku, variants: [{ title: sku, sku, stock: units }] });
    variantIds[h] = r.variants[0].id;
    inventoryItemIds[h] = r.inventoryItemIds[0];
    locationIds[h] = app.standin.store.listLocations(domain(h))[0].id;
    await c.installApp({ shop: h });
    await waitFor(`the app to record ${h}'s install`, () => prisma.shop.findUnique({ where: { domain: domain(h) } }));
    await prisma.catalogProduct.create({ data: { shop: domain(h), productId: gid("Product", r.product.id), title: sku, handle: sku.toLowerCase() } });
    await prisma.catalogVariant.create({
      data: { shop: domain(h), variantId: gid("ProductVariant", variantIds[h]), productId: gid("Product", r.product.id), inventoryItemId: gid("InventoryItem", inventoryItemIds[h]), title: sku, sku },
    });
  }
  const { productionSyncDeps } = await import("../../app/sync/production.server");
  const { createGroup, joinGroup } = await import("../../app/sync/membership.server");
  const { enableGroup } = await import("../../app/sync/enable.server");
  const [a, b] = SHOPS.map(domain);
  const { group, shareKey } = await createGroup(productionSyncDeps, a, { name: `flash ${sku}`, locationId: gid("Location", locationIds[SHOPS[0]]), buffer: 0, protection: "off" } as never);
  await joinGroup(productionSyncDeps, b, shareKey, { locationId: gid("Location", locationIds[SHOPS[1]]), buffer: 0 });
  const enabled = await enableGroup(productionSyncDeps, group.id, a);
  if (enabled.status !== "enabled") throw new Error(`group not enabled: ${JSON.stringify(enabled)}`);
  return { sku, units, groupId: group.id, variantIds, inventoryItemIds, locationIds };
}

export function shown(store: Store, s: FlashSetup, h: string): number {
  return store.getQuantity(domain(h), s.inventoryItemIds[h], s.locationIds[h]);
}

/** Work left for the app: jobs queued or running (not timers waiting for their time), deliveries not yet stored. */
export async function busy(): Promise<{ jobs: number; inbox: number }> {
  const { default: prisma } = await import("../../app/db.server");
  const now = new Date();
  const jobs = await prisma.job.count({ where: { OR: [{ status: "running" }, { status: "queued", runAt: { lte: now } }] } });
  const inbox = await prisma.webhookInbox.count({ where: { status: "received" } });
  return { jobs, inbox };
}

/** The job of an inbox row, in words (why a delivery is still unprocessed). */
async function jobOf(webhookId: string): Promise<string> {
  const { default: prisma } = await import("../../app/db.server");
  const row = await prisma.webhookInbox.findFirst({ where: { webhookId }, select: { id: true } });
  if (!row) return "";
  const jobs = await prisma.job.findMany({ where: { payload: { contains: row.id } }, select: { status: true, attempts: true, maxAttempts: true, runAt: true, lastError: true } });
  return jobs.length ? ` job ${JSON.stringify(jobs)}` : " no job";
}

export interface Quiescence {
  pool: number;
  values: Record<string, number>;
  acknowledged: number;
  unprocessed: string[];
  openExceptions: number;
  applied: number;
  checks: Record<"P1" | "P2" | "P3" | "P4" | "P5" | "acked", boolean>;
}

/**
 * Waits until the stand-in has nothing left to deliver and the app nothing left to do, then
 * checks: every delivery the app acknowledged (2xx) is in its inbox and processed; P1 every
 * store shows max(0, pool); P2 pool = units − sold; P3 the app's own writes were not counted as
 * sales; P4 redelivering acknowledged webhooks changes nothing; P5 no open exception (nothing
 * unexplained happened, so nothing may be flagged).
 */
export async function checkQuiescence(app: AppProcesses, s: FlashSetup, sold: number, timeoutMs = 240_000): Promise<Quiescence> {
  const { default: prisma } = await import("../../app/db.server");
  const c = app.standin.control;
  const item = () => prisma.syncItem.findFirstOrThrow({ where: { groupId: s.groupId, sku: s.sku } });
  const values = () => Object.fromEntries(SHOPS.map((h) => [h, shown(app.standin.store, s, h)]));
  const converged = async () => {
    const pending = c.deliveries({ state: "pending", payloads: false }).length;
    const b = await busy();
    if (pending || b.jobs || b.inbox) return false;
    const pool = (await item()).pool;
    return Object.values(values()).every((v) => v === Math.max(0, pool));
  };
  let ok = true;
  try {
    await waitFor("quiescence and convergence", converged, timeoutMs, 250);
  } catch {
    ok = false;
  }
  const pool = (await item()).pool;
  const final = values();
  const deliveries = c.deliveries({ payloads: false });
  const acked = deliveries.filter((d) => d.attempts.some((a) => a.status != null && a.status >= 200 && a.status < 300));
  const unprocessed: string[] = [];
  for (let i = 0; i < acked.length; i += 200) {
    const chunk = acked.slice(i, i + 200);
    const rows = await prisma.webhookInbox.findMany({ where: { webhookId: { in: chunk.map((d) => d.webhookId) } }, select: { webhookId: true, eventId: true, status: true } });
    const byWebhook = new Map(rows.map((r) => [r.webhookId, r.status]));
    // A redelivery of the same event may be stored under its first webhook id (dedupe on event id).
    const events = new Set((await prisma.webhookInbox.findMany({ where: { eventId: { in: chunk.map((d) => d.eventId) }, status: { in: ["processed", "ignored"] } }, select: { eventId: true } })).map((r) => r.eventId));
    for (const d of chunk) {
      const st = byWebhook.get(d.webhookId);
      if (!(st === "processed" || st === "ignored" || events.has(d.eventId))) unprocessed.push(`${d.topic} ${d.webhookId} (${st ?? "missing"})${await jobOf(d.webhookId)}`);
    }
  }
  // P3: each sale is at most one applied external change; the app's own writes come back as echoes.
  const applied = await prisma.syncObservation.count({ where: { groupId: s.groupId, sku: s.sku, result: "applied" } });
  const openExceptions = await prisma.syncException.count({ where: { groupId: s.groupId, status: "open" } });

  // P4: redeliver the last acknowledged inventory webhooks; nothing may change.
  const before = JSON.stringify({ pool, final });
  const inventory = acked.filter((d) => d.topic === "inventory_levels/update" || d.topic === "orders/create").slice(-20);
  for (const d of inventory) c.redeliver({ seq: d.seq });
  await sleep(500);
  await waitFor("redeliveries to settle", async () => !c.deliveries({ state: "pending", payloads: false }).length && !(await busy()).jobs, 120_000, 250).catch(() => undefined);
  const after = JSON.stringify({ pool: (await item()).pool, final: values() });

  return {
    pool,
    values: final,
    acknowledged: acked.length,
    unprocessed,
    openExceptions,
    applied,
    checks: {
      acked: unprocessed.length === 0,
      P1: ok && Object.values(final).every((v) => v === Math.max(0, pool)),
      P2: pool === s.units - sold,
      P3: applied <= sold,
      P4: before === after,
      P5: openExceptions === 0,
    },
  };
}
