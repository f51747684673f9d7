import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAdminApi } from "../../dev/admin/index.ts";
import { SHOP, TOKEN, setup } from "./helpers.ts";

async function runSequence(seed: number, n = 40) {
  const s = setup({ seed: 7 });
  s.api.setFaults({ seed, latencyMs: [50, 150], errorRate: 0.2, timeoutRate: 0.1, timeoutMs: 5000, throttleRate: 0.15 });
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s.sleeps.length = 0;
    const r = await s.api.execute({ shop: SHOP, token: TOKEN, body: { query: `{ shop { name } }` } });
    const tag = r.timedOut ? "timeout" : r.status !== 200 ? `http${r.status}` : (r.json as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code ?? "ok";
    out.push(`${tag}@${s.sleeps[0]}`);
  }
  return out;
}

describe("seeded API fault knobs", () => {
  it("same seed, same sequence of latencies and faults; another seed differs", async () => {
    const a = await runSequence(42);
    const b = await runSequence(42);
    const c = await runSequence(43);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const kinds = new Set(a.map((x) => x.split("@")[0]));
    expect(kinds).toEqual(new Set(["ok", "http503", "timeout", "THROTTLED"]));
    for (const x of a) {
      const ms = Number(x.split("@")[1]);
      expect(ms).toBeGreaterThanOrEqual(50);
      expect(ms).toBeLessThanOrEqual(150);
    }
  });

  it("rates of zero inject nothing", async () => {
    const s = setup();
    s.api.setFaults({ seed: 1, latencyMs: [0, 0], errorRate: 0, timeoutRate: 0, throttleRate: 0 });
    for (let i = 0; i < 20; i++) expect((await s.gql(`{ shop { name } }`)).json.data.shop.name).toBe("North Shop");
    expect(s.sleeps).toEqual([]);
  });
});

describe("over real HTTP", () => {
  let server: Server | null = null;
  afterEach(async () => {
    if (server) await new Promise((r) => server!.close(r));
    server = null;
  });

  async function start() {
    const s = setup({ products: 2 });
    let origin = "";
    const api = createAdminApi(s.store, { publicOrigin: () => origin });
    server = createServer((req, res) => {
      const m = /^\/store\/([^/]+)\/admin\/api\/2026-10\/graphql\.json$/.exec(req.url ?? "");
      if (m) return void api.handle(req, res, `${m[1]}.myshopify.com`);
      if (req.url?.startsWith("/bulk/")) return api.bulkFileHandler(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (body: unknown, token: string | null = TOKEN) =>
      fetch(`${origin}/store/north-shop/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { "x-shopify-access-token": token } : {}) },
        body: JSON.stringify(body),
      });
    return { s, api, origin, post };
  }

  it("authenticates, answers queries, runs a bulk operation and serves its JSONL file", async () => {
    const { post, api } = await start();
    const bad = await post({ query: `{ shop { name } }` }, "nope");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    const ok = await post({ query: `{ shop { name myshopifyDomain } }` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/application\/json/);
    expect((await ok.json()).data.shop).toEqual({ name: "North Shop", myshopifyDomain: "north-shop.myshopify.com" });
    await post({ query: `mutation { bulkOperationRunQuery(query: "{ products { edges { node { id title } } } }") { bulkOperation { id } userErrors { message } } }` });
    await api.idle();
    const cur = await (await post({ query: `{ currentBulkOperation { status url } }` })).json();
    expect(cur.data.currentBulkOperation.status).toBe("COMPLETED");
    const file = await fetch(cur.data.currentBulkOperation.url);
    expect(file.status).toBe(200);
    const lines = (await file.text()).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines.map((l) => l.title)).toEqual(["Product 1", "Product 2"]);
  });

  it("the timeout fault drops the connection", async () => {
    const { post, api } = await start();
    api.setFaults({ seed: 1, timeoutRate: 1, timeoutMs: 20 });
    await expect(post({ query: `{ shop { name } }` })).rejects.toThrow();
    api.setFaults({ timeoutRate: 0, errorRate: 1 });
    const r = await post({ query: `{ shop { name } }` });
    expect(r.status).toBe(503);
  });

  it("GET is not allowed on the GraphQL endpoint", async () => {
    const { origin } = await start();
    const r = await new Promise<number>((resolve, reject) => {
      const req = request(`${origin}/store/north-shop/admin/api/2026-10/graphql.json`, { method: "GET" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(r).toBe(405);
  });
});
