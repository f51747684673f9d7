// Outbound channels against a real local receiver: the documented signature recipe verifies,
// retries follow the schedule, a replay delivers the same event id, a failing endpoint pauses,
// filters select events, and a private address is refused without an explicit allowance.
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { deliver, flushEndpoint, replay, resumeEndpoint } from "../../app/channels/deliver.server";
import { DELIVER_JOB, type ChannelDeps } from "../../app/channels/deps";
import { createEndpoint } from "../../app/channels/endpoints.server";
import { emitEvent } from "../../app/channels/events.server";
import { JITTER, PAUSE_AFTER, RETRY_SCHEDULE_MS, retryDelayMs } from "../../app/channels/retry";
import { localServer, RecordingQueue } from "./helpers";

const SHOP = "out-shop.myshopify.com";
interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}
let received: Received[] = [];
let answer = 200;
let srv: Awaited<ReturnType<typeof localServer>>;
let queue: RecordingQueue;
let clock: Date;
let deps: ChannelDeps;

beforeAll(async () => {
  srv = await localServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "thanks" : "receiver is down");
  });
});
afterAll(async () => {
  await srv.close();
  await prisma.$disconnect();
});
beforeEach(async () => {
  await prisma.$transaction([prisma.channelDelivery.deleteMany(), prisma.channelEvent.deleteMany(), prisma.channelEndpoint.deleteMany()]);
  received = [];
  answer = 200;
  queue = new RecordingQueue();
  clock = new Date("2026-12-02T05:00:00Z");
  deps = { queue, outbound: () => ({ allowOrigins: [srv.origin] }), random: () => 0.5, now: () => clock };
});

const stockData = { sku: "SKU-1", location: "gid://shopify/Location/1", available: 0, previous: 3, cause: "order" };

async function deliverQueued(): Promise<void> {
  for (const job of queue.take(DELIVER_JOB)) await flushEndpoint(deps, (job.payload as { endpointId: string }).endpointId);
}

describe("signed delivery", () => {
  it("the receiver verifies X-Stockroom-Hmac-Sha256 with the documented recipe", async () => {
    const ep = await createEndpoint(SHOP, { name: "ERP", url: `${srv.origin}/hook` });
    const [env] = await emitEvent(deps, { shop: SHOP, type: "stock.sold_out", sku: "SKU-1", data: stockData });
    await deliverQueued();
    expect(received).toHaveLength(1);
    const r = received[0];
    // docs/channels.md: base64(HMAC-SHA256(secret, raw body)), compared in constant time.
    const expected = createHmac("sha256", ep.secret).update(r.raw, "utf8").digest("base64");
    expect(r.headers["x-stockroom-hmac-sha256"]).toBe(expected);
    const body = JSON.parse(r.raw);
    expect(body).toMatchObject({ id: env.id, type: "stock.sold_out", version: "2026-12", shop: SHOP, data: stockData });
    expect(r.headers["x-stockroom-event-id"]).toBe(env.id);
    const d = await prisma.channelDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    expect(d).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, responseHead: "thanks" });
    expect(d.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("filters select the events and SKUs an endpoint gets", async () => {
    await createEndpoint(SHOP, { name: "Marketplace", url: `${srv.origin}/m`, events: ["stock.changed"], skus: ["SKU-2"] });
    await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-1", data: stockData });
    await emitEvent(deps, { shop: SHOP, type: "stock.sold_out", sku: "SKU-2", data: { ...stockData, sku: "SKU-2" } });
    await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-2", data: { ...stockData, sku: "SKU-2" } });
    await deliverQueued();
    expect(received.map((r) => JSON.parse(r.raw).type + ":" + JSON.parse(r.raw).data.sku)).toEqual(["stock.changed:SKU-2"]);
  });

  it("an endpoint on a private address is refused without an explicit allowance", async () => {
    deps.outbound = () => ({});
    await createEndpoint(SHOP, { name: "Local", url: `${srv.origin}/hook` });
    await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-1", data: stockData });
    await deliverQueued();
    expect(received).toHaveLength(0);
    const d = await prisma.channelDelivery.findFirstOrThrow({});
    expect(d.status).toBe("retrying");
    expect(d.error).toMatch(/OutboundRefused/);
  });
});

describe("retries, pause, replay", () => {
  it("retries follow the schedule (exponential, ±10 % jitter) and a failing endpoint pauses", async () => {
    answer = 500;
    const ep = await createEndpoint(SHOP, { name: "Flaky", url: `${srv.origin}/hook` });
    await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-1", data: stockData });
    expect(queue.take(DELIVER_JOB)).toHaveLength(1); // one flush of the endpoint
    const { id } = await prisma.channelDelivery.findFirstOrThrow({ where: { endpointId: ep.id } });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= PAUSE_AFTER; attempt++) {
      const d = (await deliver(deps, id))!;
      expect(d.attempts).toBe(attempt);
      if (attempt < PAUSE_AFTER) {
        expect(d.status).toBe("retrying");
        const [job] = queue.take(DELIVER_JOB);
        const lag = job.runAt!.getTime() - d.nextAttemptAt!.getTime();
        expect(lag >= 0 && lag < 1000).toBe(true); // the flush is coalesced to the second
        delays.push(d.nextAttemptAt!.getTime() - clock.getTime());
        clock = d.nextAttemptAt!;
      } else {
        expect(d.status).toBe("paused");
      }
    }
    expect(delays).toEqual(RETRY_SCHEDULE_MS.slice(0, PAUSE_AFTER - 1)); // random 0.5 = no jitter
    expect(RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBe(24 * 3_600_000);
    expect(retryDelayMs(1, () => 0)).toBe(60_000 * (1 - JITTER));
    expect(retryDelayMs(1, () => 0.999999)).toBeCloseTo(60_000 * (1 + JITTER), -1);
    expect(retryDelayMs(RETRY_SCHEDULE_MS.length + 1)).toBeNull(); // then the dead letter
    const paused = await prisma.channelEndpoint.findUniqueOrThrow({ where: { id: ep.id } });
    expect(paused.status).toBe("paused");
    expect(paused.pausedReason).toMatch(/10 failed attempts in a row/);
    expect(received).toHaveLength(PAUSE_AFTER);

    // New events wait while paused; resuming sends them.
    await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-1", data: stockData });
    expect(queue.take(DELIVER_JOB)).toHaveLength(0);
    answer = 200;
    expect(await resumeEndpoint(deps, SHOP, ep.id)).toBe(2);
    await deliverQueued();
    expect(await prisma.channelDelivery.count({ where: { endpointId: ep.id, status: "delivered" } })).toBe(2);
  });

  it("a replay delivers the same event id again (one delivery, or a time range)", async () => {
    const ep = await createEndpoint(SHOP, { name: "ERP", url: `${srv.origin}/hook` });
    const [a] = await emitEvent(deps, { shop: SHOP, type: "exception.opened", sku: null, data: { exceptionId: "x1", class: "drift", sku: null, title: "Drift" } });
    const [b] = await emitEvent(deps, { shop: SHOP, type: "stock.changed", sku: "SKU-1", data: stockData });
    await deliverQueued();
    const original = await prisma.channelDelivery.findFirstOrThrow({ where: { eventId: a.id } });
    await replay(deps, SHOP, { deliveryId: original.id });
    await deliverQueued();
    expect(received.slice(0, 2).map((r) => JSON.parse(r.raw).id).sort()).toEqual([a.id, b.id].sort());
    expect(JSON.parse(received[2].raw).id).toBe(a.id);
    const firstA = received.find((r) => JSON.parse(r.raw).id === a.id)!;
    expect(received[2].raw).toBe(firstA.raw);
    expect(received[2].headers["x-stockroom-hmac-sha256"]).toBe(firstA.headers["x-stockroom-hmac-sha256"]);
    const ids = await replay(deps, SHOP, { endpointId: ep.id, from: new Date(clock.getTime() - 1000), to: new Date(clock.getTime() + 1000) });
    expect(ids).toHaveLength(2);
    await deliverQueued();
    expect(received.slice(3).map((r) => JSON.parse(r.raw).id).sort()).toEqual([a.id, b.id].sort());
    expect(await prisma.channelDelivery.count({ where: { replayOf: { not: null }, status: "delivered" } })).toBe(3);
  });
});
