import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookDispatcher, signBody, type WebhookFaults } from "../../dev/webhooks/delivery.ts";
import type { Subscription } from "../../dev/webhooks/subscriptions.ts";
import { startReceiver } from "./helpers.ts";

// Webhook fault knobs: seeded (same seed + same events → same decisions), and each knob does
// what it says on the wire.

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver((_r, res) => {
    res.writeHead(200);
    res.end();
  });
});
afterAll(() => receiver?.stop());

function dispatcher(faults: WebhookFaults) {
  const sub: Subscription = { id: "toml-1", topic: "orders/create", callbackUrl: `${receiver.url}/webhooks`, source: "toml", format: "json", apiVersion: "2026-10" };
  return new WebhookDispatcher({ apiSecret: "s3cret", faults, retryScheduleMs: [10], subscriptionsFor: () => [sub] });
}

async function run(faults: WebhookFaults, n = 40) {
  const d = dispatcher(faults);
  for (let i = 0; i < n; i++) d.emit("north-shop.myshopify.com", "orders/create", { id: i });
  await d.idle();
  return d;
}

describe("webhook fault knobs", () => {
  const mixed: WebhookFaults = { seed: 7, drop: 0.1, duplicate: 0.2, reorder: 0.2, reorderHoldMs: 30, delay: 0.3, delayMs: [5, 40] };

  it("same seed → same fault sequence; another seed → a different one", async () => {
    const a = await run(mixed);
    const b = await run(mixed);
    const c = await run({ ...mixed, seed: 8 });
    const seq = (d: WebhookDispatcher) => d.log.map((x) => `${x.seq}:${x.faults.join("+")}`);
    expect(seq(a)).toEqual(seq(b));
    expect(seq(a)).not.toEqual(seq(c));
    // the mix actually produced every kind of fault
    const all = a.log.flatMap((x) => x.faults.map((f) => f.split(":")[0]));
    for (const k of ["drop", "duplicate", "reorder", "delay"]) expect(all).toContain(k);
  });

  it("drop: dropped deliveries never reach the app", async () => {
    const before = receiver.received.length;
    const d = await run({ seed: 1, drop: 1 }, 10);
    expect(receiver.received.length).toBe(before);
    expect(d.log.every((x) => x.state === "dropped")).toBe(true);
  });

  it("duplicate: the same webhook (same ids, same body, valid HMAC) arrives twice", async () => {
    const before = receiver.received.length;
    await run({ seed: 1, duplicate: 1 }, 5);
    const got = receiver.received.slice(before);
    expect(got.length).toBe(10);
    const byId = new Map<string, string[]>();
    for (const r of got) byId.set(r.headers["x-shopify-webhook-id"], [...(byId.get(r.headers["x-shopify-webhook-id"]) ?? []), r.body.toString()]);
    expect(byId.size).toBe(5);
    for (const [, bodies] of byId) {
      expect(bodies.length).toBe(2);
      expect(bodies[0]).toBe(bodies[1]);
    }
    for (const r of got) expect(r.headers["x-shopify-hmac-sha256"]).toBe(signBody(r.body.toString(), "s3cret"));
  });

  it("reorder: held deliveries arrive after later ones", async () => {
    const before = receiver.received.length;
    const d = dispatcher({ seed: 3, reorder: 0 });
    d.setFaults({ seed: 3, reorder: 1, reorderHoldMs: 80 });
    d.emit("north-shop.myshopify.com", "orders/create", { id: "first" });
    d.setFaults({ seed: 3 });
    d.emit("north-shop.myshopify.com", "orders/create", { id: "second" });
    await d.idle();
    const ids = receiver.received.slice(before).map((r) => JSON.parse(r.body.toString()).id);
    expect(ids).toEqual(["second", "first"]);
  });

  it("delay: deliveries wait at least the drawn delay", async () => {
    const d = dispatcher({ seed: 5, delay: 1, delayMs: [60, 60] });
    const t0 = Date.now();
    d.emit("north-shop.myshopify.com", "orders/create", { id: 1 });
    await d.idle();
    expect(d.log[0].faults).toEqual(["delay:60"]);
    expect(Date.parse(d.log[0].attempts[0].at) - t0).toBeGreaterThanOrEqual(55);
  });

  it("bounded concurrency: never more than maxConcurrency requests in flight", async () => {
    let now = 0;
    let max = 0;
    const slow = await startReceiver(async (_r, res) => {
      now++;
      max = Math.max(max, now);
      await new Promise((ok) => setTimeout(ok, 40));
      now--;
      res.writeHead(200);
      res.end();
    });
    try {
      const sub: Subscription = { id: "toml-1", topic: "orders/create", callbackUrl: `${slow.url}/webhooks`, source: "toml", format: "json", apiVersion: "2026-10" };
      const d = new WebhookDispatcher({ apiSecret: "s", maxConcurrency: 2, subscriptionsFor: () => [sub] });
      for (let i = 0; i < 8; i++) d.emit("north-shop.myshopify.com", "orders/create", { id: i });
      await d.idle();
      expect(slow.received.length).toBe(8);
      expect(max).toBe(2);
    } finally {
      await slow.stop();
    }
  });
});
