import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";

// The stand-in against the real app (Remix, served by Vite in this process): the app installs
// through token exchange, accepts the stand-in's signed webhooks, and its app-proxy route
// accepts the stand-in's proxy signature while rejecting a forged one.

let app: AppWithStandin;
let standin: Standin;
const realFetch = globalThis.fetch;
const outside: string[] = [];

beforeAll(async () => {
  // Any HTTP the app makes in this process goes through fetch: record whatever leaves loopback.
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url);
    if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
      outside.push(url.toString());
      return Promise.reject(new Error(`blocked: ${url}`));
    }
    return realFetch(input, init);
  }) as typeof fetch;
  app = await startAppWithStandin({ worker: false });
  standin = app.standin;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  globalThis.fetch = realFetch;
});

describe("stand-in × the real app", () => {
  it("installApp: the app exchanges the admin id_token for offline (expiring) and online tokens", async () => {
    const r = await standin.control.installApp({ shop: "north-shop" });
    expect(r.viaApp).toBe(true);
    const kinds = new Set(standin.oauth.issued.filter((t) => t.shop === "north-shop.myshopify.com").map((t) => t.kind));
    expect(kinds).toEqual(new Set(["offline-expiring", "online"]));
  }, 60_000);

  it("the app accepts the stand-in's webhooks (HMAC) for an order", async () => {
    const v = standin.control.state({ shop: "north-shop" }).products[0].variants[0];
    const since = Math.max(0, ...standin.control.deliveries({ payloads: false }).map((d) => d.seq));
    standin.control.placeOrder({ shop: "north-shop", lines: [{ variantId: v.id, quantity: 1 }] });
    await standin.control.waitForDeliveries({});
    const ds = standin.control.deliveries({ since, payloads: false });
    expect(ds.map((d) => d.topic)).toEqual(expect.arrayContaining(["orders/create", "inventory_levels/update"]));
    for (const d of ds) expect(d.attempts.map((a) => a.status)).toEqual([200]);
  }, 60_000);

  it("the app's proxy route accepts the stand-in's signature and rejects a forged one", async () => {
    const v = standin.control.state({ shop: "north-shop" }).products[0].variants[0];
    const viaStandin = await fetch(`${standin.url}/store/north-shop/apps/stockroom/stock?variant=${v.id}`);
    expect([400, 401]).not.toContain(viaStandin.status);
    expect(viaStandin.headers.get("content-type")).toContain("application/json");
    const signed = new URL(standin.control.signedProxyUrl({ shop: "north-shop", path: "stock", query: { variant: String(v.id) } }).url);
    signed.searchParams.set("variant", "1");
    const forged = await fetch(signed);
    expect(forged.status).toBe(400);
  }, 60_000);

  it("nothing the app did reached for a host other than loopback (Shopify's real hosts included)", () => {
    expect(outside).toEqual([]);
  });
});
