import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AdminApiError, AdminClient } from "../../app/admin/client.server";
import { resolveShopifyUrl, seamFetch } from "../../app/standin-seam.server";

type Reply = (body: { query: string; variables?: unknown }, req: IncomingMessage) => { status?: number; json?: unknown; text?: string };

let server: Server | null = null;
const received: Array<{ query: string; token: string | undefined }> = [];

async function serve(reply: Reply): Promise<string> {
  received.length = 0;
  server = createServer(async (req, res) => {
    let raw = "";
    for await (const c of req) raw += c;
    const body = JSON.parse(raw);
    received.push({ query: body.query, token: req.headers["x-shopify-access-token"] as string | undefined });
    const out = reply(body, req);
    res.writeHead(out.status ?? 200, { "content-type": out.text ? "text/plain" : "application/json" });
    res.end(out.text ?? JSON.stringify(out.json));
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}/admin/api/2026-10/graphql.json`;
}

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

const cost = (requested: number, available: number, restoreRate = 100, max = 2000) => ({
  requestedQueryCost: requested,
  actualQueryCost: requested,
  throttleStatus: { maximumAvailable: max, currentlyAvailable: available, restoreRate },
});

function clientFor(endpoint: string, sleeps: number[], extra: Partial<ConstructorParameters<typeof AdminClient>[0]> = {}) {
  let clock = 1_000_000;
  return new AdminClient({
    shop: "north-shop.myshopify.com",
    endpoint,
    getToken: async () => ({ token: "shpat_test", expiresAt: null }),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...extra,
  });
}

const QUERY = `query Shop { shop { name } }`;

describe("background Admin client", () => {
  it("waits for the bucket to restore instead of sending a request it cannot pay", async () => {
    const endpoint = await serve(() => ({ json: { data: { shop: { name: "North" } }, extensions: { cost: cost(300, 100) } } }));
    const sleeps: number[] = [];
    const client = clientFor(endpoint, sleeps);
    await client.request(QUERY); // learns: 300 points per call, 100 left, 100/s restore
    expect(sleeps).toEqual([]);
    await client.request(QUERY);
    // 300 needed, 100 available: wait 2 s for 200 points at 100 points/s.
    expect(sleeps).toEqual([2000]);
    expect(received).toHaveLength(2);
    expect(received[0].token).toBe("shpat_test");
  });

  it("concurrent requests that wait for the bucket do not all wake to spend the same points", async () => {
    // A leaky bucket like Shopify's on real time: 100 points, 400 restored per second, 40 a call.
    const max = 100;
    const rate = 400;
    let level = max;
    let at = Date.now();
    let throttled = 0;
    const endpoint = await serve(() => {
      const now = Date.now();
      level = Math.min(max, level + ((now - at) / 1000) * rate);
      at = now;
      const status = (available: number) => ({ maximumAvailable: max, currentlyAvailable: Math.floor(available), restoreRate: rate });
      if (level < 40) {
        throttled++;
        return { json: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }], extensions: { cost: { requestedQueryCost: 40, actualQueryCost: null, throttleStatus: status(level) } } } };
      }
      level -= 40;
      return { json: { data: { shop: { name: "North" } }, extensions: { cost: { requestedQueryCost: 40, actualQueryCost: 40, throttleStatus: status(level) } } } };
    });
    const client = new AdminClient({ shop: "north-shop.myshopify.com", endpoint, getToken: async () => ({ token: "shpat_test", expiresAt: null }) });
    await client.request(QUERY); // learns the cost and the bucket
    await Promise.all(Array.from({ length: 16 }, () => client.request(QUERY)));
    expect(received).toHaveLength(17);
    expect(throttled).toBe(0);
  });

  it("retries THROTTLED once the bucket has restored the requested cost", async () => {
    let calls = 0;
    const endpoint = await serve(() => {
      calls++;
      if (calls === 1)
        return {
          json: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }], extensions: { cost: { ...cost(500, 50), actualQueryCost: null } } },
        };
      return { json: { data: { shop: { name: "North" } }, extensions: { cost: cost(500, 1500) } } };
    });
    const sleeps: number[] = [];
    const res = await clientFor(endpoint, sleeps).request<{ shop: { name: string } }>(QUERY);
    expect(res.data.shop.name).toBe("North");
    expect(calls).toBe(2);
    expect(sleeps).toEqual([4500]); // (500 - 50) points at 100/s
  });

  it("retries a 5xx for a query and for an idempotent mutation, with backoff", async () => {
    let calls = 0;
    const endpoint = await serve(() => (++calls < 3 ? { status: 502, text: "Bad gateway" } : { json: { data: { ok: true }, extensions: { cost: cost(10, 1990) } } }));
    const sleeps: number[] = [];
    const mutation = `mutation Set($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "k1") { userErrors { message } } }`;
    await clientFor(endpoint, sleeps, { backoff: { baseMs: 100, maxMs: 1000 } }).request(mutation, { input: {} });
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
  });

  it("never resends a mutation without an idempotency key after an ambiguous failure", async () => {
    const endpoint = await serve(() => ({ status: 503, text: "Service unavailable" }));
    const mutation = `mutation Adjust($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { message } } }`;
    const err = await clientFor(endpoint, []).request(mutation, { input: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect((err as AdminApiError).details.status).toBe(503);
    expect(received).toHaveLength(1);
  });

  it("does not retry a GraphQL validation error", async () => {
    const endpoint = await serve(() => ({
      json: { errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", locations: [{ line: 1, column: 20 }], extensions: { code: "undefinedField" } }] },
    }));
    const err = await clientFor(endpoint, []).request(`query { shop { nope } }`).catch((e) => e);
    expect((err as AdminApiError).kind).toBe("graphql");
    expect(received).toHaveLength(1);
  });
});

describe("the stand-in seam", () => {
  it("rewrites *.myshopify.com to the stand-in only when SHOPIFY_STANDIN_URL is set", async () => {
    const url = "https://north-shop.myshopify.com/admin/api/2026-10/graphql.json";
    expect(resolveShopifyUrl(url, undefined)).toBe(url);
    expect(resolveShopifyUrl(url, "http://127.0.0.1:4100")).toBe("http://127.0.0.1:4100/store/north-shop/admin/api/2026-10/graphql.json");
    expect(resolveShopifyUrl("https://cdn.shopify.com/x.js", "http://127.0.0.1:4100")).toBe("https://cdn.shopify.com/x.js");
  });

  it("with the seam off, fetch goes to the real host unchanged", async () => {
    const seen: string[] = [];
    const inner = (async (input: RequestInfo | URL) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return new Response("{}");
    }) as typeof fetch;
    const saved = process.env.SHOPIFY_STANDIN_URL;
    delete process.env.SHOPIFY_STANDIN_URL;
    try {
      await seamFetch(inner)("https://north-shop.myshopify.com/admin/oauth/access_token", { method: "POST" });
      await seamFetch(inner)(new Request("https://north-shop.myshopify.com/admin/api/2026-10/graphql.json"));
    } finally {
      if (saved !== undefined) process.env.SHOPIFY_STANDIN_URL = saved;
    }
    expect(seen).toEqual([
      "https://north-shop.myshopify.com/admin/oauth/access_token",
      "https://north-shop.myshopify.com/admin/api/2026-10/graphql.json",
    ]);
  });
});
