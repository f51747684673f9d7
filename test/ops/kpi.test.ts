// KPI values from seeded facts, through the real rollup job and the Overview's reader: every
// figure asserted exactly.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import "../../app/kpi/index.server";
import { countFact, flushCounters } from "../../app/kpi/counters.server";
import { ADMIN_CALLS_FACT, WEBHOOK_ACK_FACT } from "../../app/kpi/builtin/api.server";
import { recordCartStockNotes, linkCheckoutToOrder } from "../../app/kpi/cart-notes.server";
import { histogramOf } from "../../app/kpi/histogram";
import { rollupShop } from "../../app/kpi/rollup.server";
import { kpiTiles } from "../../app/kpi/tiles.server";
import type { KpiTile } from "../../app/kpi/types";

const SHOP = "kpi-north.myshopify.com";
const OTHER = "kpi-south.myshopify.com";
const STRANGER = "kpi-elsewhere.myshopify.com";
// A fixed "now" in the middle of an hour; facts are placed in the hour before it.
const NOW = new Date("2026-11-20T12:30:00.000Z");
const H = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 11, minutes));
let groupId: string;
let tiles: Map<string, KpiTile>;

async function seed() {
  await prisma.shop.createMany({ data: [{ domain: SHOP, currencyCode: "EUR" }, { domain: OTHER }, { domain: STRANGER }] });
  const group = await prisma.syncGroup.create({ data: { name: "North + South", ownerShop: SHOP, status: "active" } });
  groupId = group.id;
  await prisma.syncMember.createMany({
    data: [
      { groupId, shop: SHOP, locationId: "gid://shopify/Location/1" },
      { groupId, shop: OTHER, locationId: "gid://shopify/Location/2" },
    ],
  });
  const stranger = await prisma.syncGroup.create({ data: { name: "Elsewhere", ownerShop: STRANGER, status: "active" } });
  await prisma.syncMember.create({ data: { groupId: stranger.id, shop: STRANGER, locationId: "gid://shopify/Location/9" } });

  // Reconciliation: 200 SKU × store pairs. An earlier run found 10 mismatches; the last run
  // (per pair, its newest judged read) found 3. Reads still in flight are not judged.
  const obs = [];
  for (let i = 0; i < 200; i++) {
    const linkId = `link-${i}`;
    obs.push({ groupId, sku: `SKU-${i % 100}`, linkId, shop: i < 100 ? SHOP : OTHER, available: 5, at: H(1), eventId: `r1:${i}`, kind: "reconcile", processedAt: H(2), result: i < 10 ? "drift" : "unchanged" });
    obs.push({ groupId, sku: `SKU-${i % 100}`, linkId, shop: i < 100 ? SHOP : OTHER, available: 5, at: H(20), eventId: `r2:${i}`, kind: "reconcile", processedAt: H(21), result: i < 2 ? "folded" : i === 2 ? "drift" : "unchanged" });
  }
  obs.push({ groupId, sku: "SKU-0", linkId: "link-0", shop: SHOP, available: 5, at: H(40), eventId: "r3:0", kind: "reconcile", processedAt: H(41), result: "inflight" });
  // Another group's reads never count for this shop.
  obs.push({ groupId: stranger.id, sku: "X", linkId: "x-1", shop: STRANGER, available: 1, at: H(20), eventId: "rx", kind: "reconcile", processedAt: H(21), result: "drift" });
  await prisma.syncObservation.createMany({ data: obs });

  // Oversells: order 1 took two SKUs' pools below zero, order 2 one store below zero; a sale
  // that left stock at zero and an external change below zero are not oversells.
  await prisma.stockEvent.createMany({
    data: [
      { groupId, sku: "SKU-1", shop: SHOP, cause: "order", delta: -2, valueAfter: 0, poolAfter: -1, result: "applied", detail: "inbox:o1", createdAt: H(5) },
      { groupId, sku: "SKU-2", shop: SHOP, cause: "order", delta: -1, valueAfter: 0, poolAfter: -1, result: "applied", detail: "inbox:o1", createdAt: H(5) },
      { groupId, sku: "SKU-3", shop: OTHER, cause: "order", delta: -3, valueAfter: -1, poolAfter: 0, result: "applied", detail: "inbox:o2", createdAt: H(6) },
      { groupId, sku: "SKU-4", shop: OTHER, cause: "order", delta: -1, valueAfter: 0, poolAfter: 0, result: "applied", detail: "inbox:o3", createdAt: H(7) },
      { groupId, sku: "SKU-5", shop: OTHER, cause: "external", delta: -9, valueAfter: -2, poolAfter: -2, result: "applied", createdAt: H(7) },
    ],
  });

  // Propagation: three store changes; each run's last confirmed write after the change.
  const latencies = [
    { ev: "e1", at: Date.UTC(2026, 10, 20, 11, 10, 0, 0), writes: [120, 250] },
    { ev: "e2", at: Date.UTC(2026, 10, 20, 11, 11, 0, 0), writes: [400] },
    { ev: "e3", at: Date.UTC(2026, 10, 20, 11, 12, 0, 0), writes: [300, 900] },
  ];
  for (const [i, l] of latencies.entries()) {
    const corr = `run-${i}`;
    await prisma.syncObservation.create({ data: { groupId, sku: `SKU-${i}`, linkId: `link-${i}`, shop: SHOP, available: 3, at: new Date(l.at), eventId: l.ev, processedAt: new Date(l.at + 50), result: "external" } });
    await prisma.stockEvent.create({ data: { groupId, sku: `SKU-${i}`, shop: SHOP, cause: "order", delta: -1, valueAfter: 3, poolAfter: 3, result: "applied", sourceEventId: l.ev, correlationId: corr, createdAt: new Date(l.at + 60) } });
    for (const w of l.writes) {
      await prisma.stockEvent.create({ data: { groupId, sku: `SKU-${i}`, shop: OTHER, cause: "sync_write", delta: -1, valueAfter: 3, poolAfter: 3, result: "written", correlationId: corr, createdAt: new Date(l.at + w) } });
    }
  }
  // A run that applied a second change: the first change's latency stops at the writes before it.
  await prisma.syncObservation.createMany({
    data: [
      { groupId, sku: "SKU-9", linkId: "link-9", shop: SHOP, available: 3, at: new Date(Date.UTC(2026, 10, 20, 11, 13)), eventId: "e4", result: "external" },
      { groupId, sku: "SKU-9", linkId: "link-9", shop: SHOP, available: 2, at: new Date(Date.UTC(2026, 10, 20, 11, 13, 1)), eventId: "e5", result: "external" },
    ],
  });
  const t4 = Date.UTC(2026, 10, 20, 11, 13);
  for (const e of [
    { result: "applied", sourceEventId: "e4", at: t4 + 10 },
    { result: "written", at: t4 + 200 },
    { result: "applied", sourceEventId: "e5", at: t4 + 1_010 },
    { result: "written", at: t4 + 1_300 },
  ]) {
    await prisma.stockEvent.create({ data: { groupId, sku: "SKU-9", shop: e.result === "written" ? OTHER : SHOP, cause: e.result === "written" ? "sync_write" : "order", result: e.result, sourceEventId: e.sourceEventId ?? null, correlationId: "run-9", createdAt: new Date(e.at) } });
  }

  // Units protected: SKU-A sold out at south while the pool holds 4 (buffer); SKU-B sold out
  // with an empty pool protects nothing; SKU-C shows stock everywhere.
  const m = await prisma.syncMember.findMany({ where: { groupId }, orderBy: { shop: "asc" } });
  for (const [sku, pool, shown] of [["SKU-A", 4, [4, 0]], ["SKU-B", 0, [0, 0]], ["SKU-C", 6, [6, 6]]] as const) {
    const item = await prisma.syncItem.create({ data: { groupId, sku, pool } });
    for (const [i, member] of m.entries()) {
      await prisma.syncLink.create({ data: { groupId, itemId: item.id, memberId: member.id, shop: member.shop, sku, inventoryItemId: `ii-${sku}-${i}`, locationId: member.locationId, lastSeen: shown[i], lastSeenAt: H(0) } });
    }
  }

  // Exceptions: 2 drift + 1 oversell open now (one of them past its SLA), 1 resolved in the hour.
  await prisma.catalogVariant.createMany({
    data: [
      { shop: SHOP, variantId: "gid://shopify/ProductVariant/1", productId: "p1", title: "T-shirt M", sku: "SKU-1", price: "19.50" },
      { shop: SHOP, variantId: "gid://shopify/ProductVariant/2", productId: "p2", title: "Mug", sku: "SKU-2", price: "8.00" },
    ],
  });
  await prisma.syncException.createMany({
    data: [
      { groupId, shop: OTHER, sku: "SKU-1", class: "drift", title: "d1", amount: -4, slaDueAt: new Date("2026-11-20T13:00:00Z"), createdAt: H(0), openKey: "a" },
      { groupId, shop: SHOP, sku: "SKU-2", class: "drift", title: "d2", amount: 3, slaDueAt: new Date("2026-11-20T12:00:00Z"), createdAt: H(1), openKey: "b" },
      { groupId, shop: SHOP, sku: "SKU-1", class: "oversell", title: "o", amount: -1, slaDueAt: new Date("2026-11-20T14:00:00Z"), createdAt: H(2), openKey: "c" },
      { groupId, shop: SHOP, sku: "SKU-2", class: "write_failed", title: "w", status: "resolved", slaDueAt: H(59), createdAt: H(0), resolvedAt: H(30) },
      { groupId, shop: SHOP, sku: "SKU-2", class: "write_failed", title: "w2", status: "resolved", slaDueAt: H(59), createdAt: H(10), resolvedAt: H(20) },
      { groupId, shop: SHOP, sku: "SKU-2", class: "write_failed", title: "w3", status: "resolved", slaDueAt: H(59), createdAt: H(10), resolvedAt: H(50) },
      { shop: STRANGER, sku: "X", class: "drift", title: "not ours", amount: 100, slaDueAt: H(0), createdAt: H(0), openKey: "x" },
    ],
  });
  await prisma.exceptionOwnership.createMany({
    data: [
      { exceptionId: "x1", shop: SHOP, groupId, class: "drift", openedAt: H(0), owner: "ops@north.test", source: "rule", assignedAt: H(0) },
      { exceptionId: "x2", shop: SHOP, groupId, class: "drift", openedAt: H(1), owner: "Sam", source: "manual", assignedAt: H(16) },
      { exceptionId: "x3", shop: SHOP, groupId, class: "oversell", openedAt: H(2), owner: "Sam", source: "manual", assignedAt: H(47) },
      { exceptionId: "x4", shop: SHOP, groupId, class: "oversell", openedAt: H(2), owner: null },
    ],
  });

  // Admin API: 200 requests, 198 succeeded (counted in memory, flushed as this process's row).
  for (let i = 0; i < 200; i++) countFact(SHOP, ADMIN_CALLS_FACT, { num: i < 198 ? 1 : 0, den: 1 }, H(15));
  // Webhook acks: 99 fast ones and one slow one.
  countFact(SHOP, WEBHOOK_ACK_FACT, { den: 99, data: { hist: histogramOf(Array.from({ length: 99 }, (_, i) => 5 + (i % 3))) } }, H(15));
  countFact(SHOP, WEBHOOK_ACK_FACT, { den: 1, data: { hist: histogramOf([480]) } }, H(16));
  await flushCounters();

  // Surveys: 10 impressions, 4 responses with NPS 10, 9, 7, 3.
  const survey = await prisma.survey.create({ data: { shop: SHOP, title: "How did it go?", enabled: true } });
  const version = await prisma.surveyVersion.create({
    data: { surveyId: survey.id, shop: SHOP, version: 1, title: "How did it go?", questions: JSON.stringify([{ id: "q1", type: "nps", label: "Recommend us?", required: true }]) },
  });
  for (let i = 0; i < 10; i++) await prisma.surveyImpression.create({ data: { shop: SHOP, orderId: String(1000 + i), surveyId: survey.id, surveyVersionId: version.id, seenAt: H(30) } });
  for (const [i, v] of [10, 9, 7, 3].entries()) {
    await prisma.surveyResponse.create({ data: { shop: SHOP, surveyId: survey.id, surveyVersionId: version.id, orderId: String(1000 + i), answers: JSON.stringify({ q1: { value: v } }), createdAt: H(31) } });
  }
  // Checkouts: order 1000 (10) and 1003 (3) saw a short / low line, 1001 (9) and 1002 (7) did not.
  await recordCartStockNotes(SHOP, "ck-a", [{ variantId: "gid://shopify/ProductVariant/1", status: "ok", requested: 1 }, { variantId: "2", status: "short", requested: 4 }]);
  await recordCartStockNotes(SHOP, "ck-b", [{ variantId: "1", status: "ok", requested: 1 }]);
  await recordCartStockNotes(SHOP, "ck-c", [{ variantId: "1", status: "untracked", requested: 1 }]);
  await recordCartStockNotes(SHOP, "ck-d", [{ variantId: "1", status: "low", requested: 1 }]);
  await recordCartStockNotes(SHOP, "bad token!", [{ variantId: "1", status: "low", requested: 1 }]);
  for (const [token, order] of [["ck-a", 1000], ["ck-b", 1001], ["ck-c", 1002], ["ck-d", 1003]] as const) await linkCheckoutToOrder(SHOP, token, order);
}

beforeAll(async () => {
  await seed();
  await rollupShop(SHOP, { now: NOW, from: new Date("2026-11-20T00:00:00Z") });
  tiles = new Map((await kpiTiles(SHOP, "24h", NOW)).map((t) => [t.id, t]));
});

const headline = (id: string) => tiles.get(id)!.values.map((v) => v.value);

describe("KPIs from recorded facts", () => {
  it("inventory accuracy: 197 of 200 pairs matched at their last reconciliation", () => {
    expect(headline("inventory_accuracy")).toEqual([98.5]);
    // The chart: the 11:00 bucket is 98.5 too (state as of the hour's end), earlier hours had no reads.
    const series = tiles.get("inventory_accuracy")!.series[0].points;
    expect(series).toHaveLength(24);
    expect(series.find((p) => p.bucket === "2026-11-20T11:00:00.000Z")!.value).toBe(98.5);
    expect(series.find((p) => p.bucket === "2026-11-20T10:00:00.000Z")!.value).toBeNull();
  });

  it("oversells: two orders, counted once each", () => {
    expect(headline("oversells")).toEqual([2]);
  });

  it("units protected: the pool of SKUs a store shows as sold out", () => {
    expect(headline("units_protected")).toEqual([4]);
  });

  it("propagation latency p50 / p95 from store event time to the last confirmed write", () => {
    // 250, 400, 900, 200 (e4 stops at the write before e5) and 300 (e5): p50 300, p95 900.
    expect(tiles.get("propagation_latency")!.values).toEqual([
      { label: "p50", value: 300 },
      { label: "p95", value: 900 },
    ]);
  });

  it("exceptions: open by class, SLA overdue, time to owner and to resolution", () => {
    expect(headline("exceptions_open")).toEqual([3]);
    expect(tiles.get("exceptions_open")!.breakdown).toEqual([
      { label: "drift", value: 2 },
      { label: "oversell", value: 1 },
    ]);
    expect(headline("sla_overdue")).toEqual([1]);
    // 0, 15 and 45 minutes: median 15 min.
    expect(headline("time_to_owner")).toEqual([15 * 60_000]);
    // 30, 10 and 40 minutes: median 30 min.
    expect(headline("time_to_resolution")).toEqual([30 * 60_000]);
  });

  it("revenue at risk: units in open exceptions × price", () => {
    // SKU-1: 4 + 1 units × 19.50, SKU-2: 3 units × 8.00.
    expect(headline("revenue_at_risk")).toEqual([121.5]);
  });

  it("Admin API success rate and webhook acknowledgement p99", () => {
    expect(headline("admin_api_success")).toEqual([99]);
    expect(headline("webhook_ack")).toEqual([7]);
  });

  it("survey response rate, NPS and NPS by availability", () => {
    expect(headline("survey_response_rate")).toEqual([40]);
    // 2 promoters, 1 detractor of 4.
    expect(headline("nps")).toEqual([25]);
    // Short/low carts: 10 and 3 → (1 − 1) / 2 = 0. Clean carts: 9 and 7 → 50.
    expect(tiles.get("nps_by_availability")!.values).toEqual([
      { label: "Low or short line", value: 0 },
      { label: "No stock note", value: 50 },
    ]);
  });

  it("the 30-day range reads day rows that add up to the same figures", async () => {
    const month = new Map((await kpiTiles(SHOP, "30d", NOW)).map((t) => [t.id, t]));
    expect(month.get("inventory_accuracy")!.values[0].value).toBe(98.5);
    expect(month.get("oversells")!.values[0].value).toBe(2);
    expect(month.get("propagation_latency")!.values[1].value).toBe(900);
    expect(month.get("admin_api_success")!.values[0].value).toBe(99);
    expect(month.get("oversells")!.series[0].points).toHaveLength(30);
  });

  it("another shop's facts never reach this shop's tiles", async () => {
    await rollupShop(STRANGER, { now: NOW, from: new Date("2026-11-20T00:00:00Z") });
    const theirs = new Map((await kpiTiles(STRANGER, "24h", NOW)).map((t) => [t.id, t]));
    expect(theirs.get("inventory_accuracy")!.values[0].value).toBe(0);
    expect(theirs.get("exceptions_open")!.values[0].value).toBe(1);
    expect(theirs.get("admin_api_success")!.values[0].value).toBeNull();
  });
});
