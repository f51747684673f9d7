import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "../../app/db.server";
import "../../app/jobs.server";
import { dbQueue } from "../../app/queue/index.server";
import { Worker } from "../../app/queue/worker.server";
import { action } from "../../app/routes/webhooks";
import shopify from "../../app/shopify.server";
import { resetDb } from "../support/db";
import { signedDelivery } from "../support/webhooks";

const SHOP = "intake-shop.myshopify.com";
const call = (request: Request) => action({ request, params: {}, context: {} } as never) as Promise<Response>;

const levelPayload = (item: number, available: number) => ({
  inventory_item_id: item,
  location_id: 24826418,
  available,
  updated_at: "2026-11-20T10:00:00-05:00",
  admin_graphql_api_id: `gid://shopify/InventoryLevel/24826418?inventory_item_id=${item}`,
});

beforeEach(resetDb);

describe("webhook intake", () => {
  it("answers 401 to a bad HMAC and stores nothing", async () => {
    const res = await call(signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 1 }, secret: "not-the-app-secret" }));
    expect(res.status).toBe(401);
    expect(await prisma.webhookInbox.count()).toBe(0);
    expect(await prisma.job.count()).toBe(0);
  });

  it("answers 401 when the body was altered after signing", async () => {
    const req = signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 1 } });
    const tampered = new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify({ id: 2 }) });
    expect((await call(tampered)).status).toBe(401);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("stores a verified delivery with its job in one go, and a redelivery is a no-op", async () => {
    const eventId = randomUUID();
    const first = await call(signedDelivery({ topic: "inventory_levels/update", shop: SHOP, body: levelPayload(7, 3), eventId }));
    const again = await call(signedDelivery({ topic: "inventory_levels/update", shop: SHOP, body: levelPayload(7, 3), eventId }));
    expect([first.status, again.status]).toEqual([200, 200]);
    const rows = await prisma.webhookInbox.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: SHOP, topic: "inventory_levels/update", eventId, status: "received", apiVersion: "2026-10" });
    expect(JSON.parse(rows[0].headers)["x-shopify-topic"]).toBe("inventory_levels/update");
    const jobs = await prisma.job.findMany();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0].payload)).toEqual({ inboxId: rows[0].id });
  });

  it("verifies with the library's HMAC check without loading the shop's session", async () => {
    await prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_x", scope: "read_products" } });
    const load = vi.spyOn(shopify.sessionStorage!, "loadSession");
    const res = await call(signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 5 } }));
    expect(res.status).toBe(200);
    expect(load).not.toHaveBeenCalled();
    load.mockRestore();
    expect(await prisma.webhookInbox.count()).toBe(1);
  });

  it("answers 400 when Shopify's headers are missing, 405 to a GET", async () => {
    const req = signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 1 } });
    const headers = new Headers(req.headers);
    headers.delete("x-shopify-topic");
    expect((await call(new Request(req.url, { method: "POST", headers, body: JSON.stringify({ id: 1 }) }))).status).toBe(400);
    expect((await call(new Request(req.url, { method: "GET", headers: req.headers }))).status).toBe(405);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("refuses bodies over 5 MB with 413 before storing anything", async () => {
    const big = "x".repeat(5 * 1024 * 1024 + 10);
    const res = await call(signedDelivery({ topic: "orders/create", shop: SHOP, body: null, rawBody: JSON.stringify({ note: big }) }));
    expect(res.status).toBe(413);
    expect(await prisma.webhookInbox.count()).toBe(0);
  });

  it("acknowledges an unknown topic without queuing work, and logs it", async () => {
    const res = await call(signedDelivery({ topic: "carts/update", shop: SHOP, body: { id: 1 } }));
    expect(res.status).toBe(200);
    expect(await prisma.webhookInbox.findFirst()).toMatchObject({ topic: "carts/update", status: "ignored" });
    expect(await prisma.job.count()).toBe(0);
  });

  it("keeps a signed but malformed body for replay instead of failing", async () => {
    const res = await call(signedDelivery({ topic: "orders/create", shop: SHOP, body: null, rawBody: '{"id": 1,' }));
    expect(res.status).toBe(200);
    expect(await prisma.webhookInbox.findFirst()).toMatchObject({ status: "malformed", payload: '{"id": 1,' });
    expect(await prisma.job.count()).toBe(0);
  });

  it("1,000 concurrent deliveries of 100 events (each 10 times, shuffled) give 100 rows and 100 processed jobs", async () => {
    const events = Array.from({ length: 100 }, (_, i) => ({ eventId: randomUUID(), item: 1000 + i }));
    const deliveries = events.flatMap((e) => Array.from({ length: 10 }, () => e));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }
    const responses = await Promise.all(
      deliveries.map((d) =>
        call(signedDelivery({ topic: "inventory_levels/update", shop: SHOP, body: levelPayload(d.item, d.item % 7), eventId: d.eventId })),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await prisma.webhookInbox.count()).toBe(100);
    expect(await prisma.job.count()).toBe(100);

    const worker = new Worker(prisma, dbQueue, { concurrency: 8 });
    expect(await worker.drain()).toBe(100);
    expect(await prisma.job.count({ where: { status: "done" } })).toBe(100);
    expect(await prisma.webhookInbox.count({ where: { status: "processed" } })).toBe(100);
    // The work really happened: the ledger holds one level per item.
    expect(await prisma.inventoryLevel.count({ where: { shop: SHOP } })).toBe(100);
  });
});
