// Fuzzing of every route of the app (fast-check): random methods, headers, query strings and
// bodies (deep JSON, huge strings, wrong types, invalid UTF-8, form fields) against the
// production build in a child process (test/fault/harness.ts). A share of the requests carry
// genuine credentials — a valid webhook HMAC over the random body, a signed app proxy query,
// an admin session token, a checkout session token — so the fuzz reaches the code behind
// authentication too. Counts: responses ≥ 500 (must be 0), process exits (0; an unhandled
// rejection ends a Node 22 process, so it counts here too, and in the log scan).
//
//   FUZZ_RUNS=50000 FUZZ_SEED=7 npm run test:fuzz:long
import { createHmac } from "node:crypto";
import { readdirSync } from "node:fs";
import http from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_USER_AGENT } from "../../dev/kit.ts";
import { AppProcesses } from "../fault/harness";

const RUNS = Number(process.env.FUZZ_RUNS ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 100_000);
const CONCURRENCY = 6;
const SHOP = "north-shop.myshopify.com";
const TOPICS = ["app/uninstalled", "app/scopes_update", "orders/create", "orders/cancelled", "refunds/create", "inventory_levels/update", "inventory_items/delete", "products/update", "products/delete", "bulk_operations/finish", "customers/data_request", "customers/redact", "shop/redact", "carts/update"];

/** Every flat route file → a concrete path template (`$param` → a random segment, `$` → splat). */
function routePaths(): string[] {
  return readdirSync("app/routes")
    .map((f) => f.replace(/\.tsx?$/, "").replace(/\/route$/, "").replace(/\[\.(\w+)\]/g, "~$1"))
    .map((name) =>
      name === "_index"
        ? "/"
        : "/" +
          name
            .split(".")
            .filter((s) => s !== "_index")
            .map((s) => s.replace(/_$/, "").replace(/^\[(.*)\]$/, "$1").replace(/\[(.*?)\]/g, "$1"))
            .join("/")
            .replace(/~(\w+)/g, ".$1"),
    );
}

type Auth = "none" | "webhook" | "proxy" | "admin" | "checkout" | "garbage";
interface Spec {
  path: string;
  method: string;
  segment: string;
  query: [string, string][];
  headers: [string, string][];
  body: { kind: "none" } | { kind: "bytes"; bytes: Uint8Array } | { kind: "text"; text: string; type: string };
  auth: Auth;
  topic: string;
}

function deepJson(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("", "0", "-1", "1e309", "NaN", "null", "true", "[]", "{}", "__proto__", "constructor", "../../etc/passwd", "%00", "\u0000", "gid://shopify/ProductVariant/1", "gid://shopify/Order/99999999999999999999", "9".repeat(40), "<script>", "' OR 1=1 --"),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "x".repeat(n)),
);
const queryKey = fc.oneof(fc.constantFrom("shop", "variant", "orderId", "firstOrder", "threshold", "limit", "count", "locale", "id_token", "embedded", "host", "signature", "timestamp", "path_prefix", "logged_in_customer_id", "page", "cursor", "q", "status", "tab", "from", "to", "_data", "index"), fc.string({ maxLength: 12 }));
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }),
  fc.integer({ min: 10, max: 3_000 }).map((d) => deepJson(d, "x")),
  fc.record({ orderId: fc.anything(), versionId: fc.anything(), answers: fc.anything(), lines: fc.anything(), checkoutToken: fc.anything() }, { requiredKeys: [] }),
  fc.array(fc.record({ variantId: fc.oneof(junkString, fc.integer()), quantity: fc.oneof(fc.integer(), fc.double(), junkString) }), { maxLength: 300 }).map((lines) => ({ lines })),
  fc.record({ id: fc.oneof(fc.integer(), fc.bigInt().map(String), junkString), inventory_item_id: fc.anything(), location_id: fc.anything(), available: fc.anything(), updated_at: fc.anything(), line_items: fc.anything(), admin_graphql_api_id: fc.anything() }, { requiredKeys: [] }),
);
const body: fc.Arbitrary<Spec["body"]> = fc.oneof(
  fc.constant({ kind: "none" as const }),
  jsonBody.map((v) => ({ kind: "text" as const, text: JSON.stringify(v) ?? "null", type: "application/json" })),
  fc.uint8Array({ maxLength: 4_000 }).map((bytes) => ({ kind: "bytes" as const, bytes })),
  // invalid UTF-8 inside something that looks like JSON
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ kind: "bytes" as const, bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc3, ...b]), Buffer.from('"}')]) })),
  fc.dictionary(fc.oneof(fc.constantFrom("intent", "_action", "id", "name", "mode", "matchBy", "driftThreshold", "buffer", "locationId", "shareKey", "planId", "note", "owner", "reason", "enabled", "questions", "threshold", "messages"), fc.string({ maxLength: 10 })), fc.oneof(junkString, fc.jsonValue().map((v) => JSON.stringify(v) ?? "")), { maxKeys: 8 }).map((d) => ({ kind: "text" as const, text: new URLSearchParams(d).toString(), type: "application/x-www-form-urlencoded" })),
  fc.integer({ min: 100_000, max: 6_000_000 }).map((n) => ({ kind: "text" as const, text: `{"big":"${"z".repeat(n)}"}`, type: "application/json" })),
  fc.string({ maxLength: 300 }).map((t) => ({ kind: "text" as const, text: `--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${t}\r\n--b--`, type: "multipart/form-data; boundary=b" })),
);
const headerPair: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom("content-type", "accept", "origin", "cookie", "x-forwarded-for", "if-none-match", "x-shopify-topic", "x-shopify-shop-domain", "x-shopify-hmac-sha256", "x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-api-version", "x-shopify-triggered-at", "authorization", "content-length", "x-requested-with", "sec-fetch-dest", "x-remix-request"), fc.string({ maxLength: 60 })),
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string({ maxLength: 60 })),
);
const spec = (paths: string[]): fc.Arbitrary<Spec> =>
  fc.record({
    path: fc.constantFrom(...paths, "/nonexistent", "/webhooks/extra", "/app/surveys/1/results/x", "/proxy/restock"),
    // Methods Node's HTTP parser accepts (it answers others itself, before the app sees them).
    method: fc.oneof(fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"), fc.constantFrom(...http.METHODS.filter((m) => m !== "CONNECT"))),
    segment: fc.oneof(fc.constantFrom("1", "0", "-1", "abc", "9".repeat(30), "new"), fc.string({ maxLength: 20 })),
    query: fc.array(fc.tuple(queryKey, junkString.filter((s) => s.length < 5_000)), { maxLength: 8 }),
    headers: fc.array(headerPair, { maxLength: 6 }),
    body,
    auth: fc.constantFrom<Auth>("none", "webhook", "webhook", "proxy", "admin", "admin", "checkout", "checkout", "garbage"),
    topic: fc.constantFrom(...TOPICS),
  });

// Printable header values only (node refuses others before sending).
const headerSafe = (v: string) => v.replace(/[^\x20-\x7e]/g, "?").slice(0, 4_000);

interface Outcome {
  status: number;
  error?: string;
}

function send(base: URL, path: string, method: string, headers: Record<string, string>, payload: Buffer | null): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, headers, timeout: 60_000, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
      res.on("error", (e) => resolve({ status: res.statusCode ?? 0, error: String(e) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ status: 0, error: String(e.message) }));
    req.end(payload ?? undefined);
  });
}

let app: AppProcesses;
let adminToken = "";
let checkoutToken = "";
let checkoutTokenLoggedIn = "";

beforeAll(async () => {
  app = await new AppProcesses({ databaseUrl: process.env.DATABASE_URL! }).start();
  await app.standin.control.createShop({ shop: "north-shop" });
  await app.standin.control.createProduct({ shop: "north-shop", title: "Fuzz mug", variants: [{ sku: "FUZZ-1", stock: 5 }] } as never);
  await app.standin.control.installApp({ shop: "north-shop" });
  adminToken = (await app.standin.control.sessionToken({ shop: "north-shop", ttlSeconds: 3_600 })).token;
  checkoutToken = (await app.standin.control.checkoutToken({ shop: "north-shop", ttlSeconds: 3_600 })).token;
  checkoutTokenLoggedIn = (await app.standin.control.checkoutToken({ shop: "north-shop", customerId: 42, ttlSeconds: 3_600 })).token;
}, 300_000);
afterAll(async () => {
  await app?.stop();
});

describe("what Remix would answer 500 before the app's code runs (server/refusals.mjs)", () => {
  const answer = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const base = new URL(app.appUrl);
    return new Promise<{ status: number; allow?: string }>((resolve, reject) => {
      const req = http.request({ host: base.hostname, port: base.port, path, method, headers: { "user-agent": BROWSER_USER_AGENT, ...headers }, agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow }));
      });
      req.on("error", reject);
      req.end(body);
    });
  };
  const form = { "content-type": "application/x-www-form-urlencoded" };

  it("answers a method Remix does not serve 405 with the route's Allow", async () => {
    expect(await answer("TRACE", "/")).toEqual({ status: 405, allow: "GET, HEAD" });
    expect(await answer("TRACE", "/webhooks")).toEqual({ status: 405, allow: "POST, PUT, PATCH, DELETE" });
    expect(await answer("PROPFIND", "/app/sync")).toEqual({ status: 405, allow: "GET, HEAD, POST, PUT, PATCH, DELETE" });
    expect(await answer("TRACE", "/nonexistent")).toEqual({ status: 405, allow: "GET, HEAD" });
    // A resource route asked for a method it has no handler for; a page without an action.
    expect(await answer("GET", "/webhooks")).toEqual({ status: 405, allow: "POST, PUT, PATCH, DELETE" });
    expect(await answer("POST", "/", form, "a=1")).toEqual({ status: 405, allow: "GET, HEAD" });
  });

  it("answers a form post from another origin 403, and an Origin that is not a URL 400", async () => {
    const token = { authorization: `Bearer ${adminToken}` };
    // A page, its data request, an index route's action, and no route at all (Remix's 404 page).
    for (const path of ["/app/sync", "/app/sync.data", "/app?index", "/nonexistent"]) {
      expect((await answer("POST", path, { ...form, ...token, origin: "https://evil.example" }, "intent=x")).status).toBe(403);
      expect((await answer("POST", path, { ...form, ...token, origin: "not a url" }, "intent=x")).status).toBe(400);
    }
    // The same check Remix makes: X-Forwarded-Host first, then Host; the app's own origin passes.
    const own = await answer("POST", "/app/sync", { ...form, ...token, origin: app.appUrl }, "intent=x");
    expect(own.status).toBeGreaterThanOrEqual(200);
    expect(own.status).not.toBe(403);
    expect(own.status).toBeLessThan(500);
    expect((await answer("POST", "/app/sync", { ...form, ...token, origin: "https://admin.example", "x-forwarded-host": "admin.example" }, "intent=x")).status).not.toBe(403);
    // Resource routes are not pages: the checkout APIs take posts from Shopify's extension origin.
    expect((await answer("POST", "/api/survey", { "content-type": "application/json", origin: "https://extensions.shopifycdn.com" }, "{}")).status).not.toBe(403);
  });

  it("answers a Host header that is not a host 400", async () => {
    expect((await answer("GET", "/", { host: "a b" })).status).toBe(400);
  });
});

describe("fuzzing every route", () => {
  it(`answers ${RUNS} random requests without a 5xx, a crash or an unhandled rejection`, async () => {
    const paths = routePaths();
    const specs = fc.sample(spec(paths), { numRuns: RUNS, seed: SEED });
    const base = new URL(app.appUrl);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let transportErrors = 0;
    // The server answered a huge body early (413, 401, 405) and closed while we were still sending.
    let earlyResets = 0;
    let n = 0;
    const t0 = Date.now();

    async function one(s: Spec) {
      let path = s.path.replace(/\$[A-Za-z]+/g, encodeURIComponent(s.segment)).replace(/\/\$$/, `/${encodeURIComponent(s.segment)}`);
      const headers: Record<string, string> = { "user-agent": BROWSER_USER_AGENT };
      for (const [k, v] of s.headers) if (k !== "content-length") headers[k] = headerSafe(v);
      const payload = s.body.kind === "none" ? null : s.body.kind === "bytes" ? Buffer.from(s.body.bytes) : Buffer.from(s.body.text);
      if (s.body.kind === "text") headers["content-type"] ??= s.body.type;
      let query = new URLSearchParams(s.query).toString();
      switch (s.auth) {
        case "webhook":
          path = "/webhooks";
          Object.assign(headers, {
            "x-shopify-topic": s.topic,
            "x-shopify-shop-domain": SHOP,
            "x-shopify-api-version": "2026-10",
            "x-shopify-webhook-id": `fuzz-${n}`,
            "x-shopify-event-id": `fuzz-${n}`,
            "x-shopify-triggered-at": new Date().toISOString(),
            "x-shopify-hmac-sha256": createHmac("sha256", process.env.SHOPIFY_API_SECRET!).update(payload ?? Buffer.alloc(0)).digest("base64"),
          });
          break;
        case "proxy": {
          const q = Object.fromEntries(s.query.map(([k, v]) => [k, v.slice(0, 500)]).filter(([k]) => !["shop", "signature", "timestamp"].includes(k)));
          const signed = new URL((await app.standin.control.signedProxyUrl({ shop: "north-shop", path: "stock", query: q })).url);
          path = signed.pathname;
          query = signed.search.slice(1);
          break;
        }
        case "admin":
          headers.authorization = `Bearer ${adminToken}`;
          break;
        case "checkout":
          headers.authorization = `Bearer ${n % 2 ? checkoutToken : checkoutTokenLoggedIn}`;
          headers.origin ??= "https://extensions.shopifycdn.com";
          break;
        case "garbage":
          headers.authorization = `Bearer ${headerSafe(s.segment)}.${headerSafe(s.topic)}.x`;
          break;
      }
      const target = path + (query ? `?${query}` : "");
      const out = await send(base, target, s.method, headers, s.method === "GET" || s.method === "HEAD" ? null : payload);
      n++;
      statuses.set(out.status, (statuses.get(out.status) ?? 0) + 1);
      if (out.status === 0) transportErrors++;
      const early = out.status === 0 && /ECONNRESET|EPIPE/.test(out.error ?? "") && (payload?.length ?? 0) > 16 * 1024;
      if (early) earlyResets++;
      if (out.status >= 500 || (out.status === 0 && !early)) {
        if (failures.length < 20) failures.push(`${out.status} ${s.method} ${target.slice(0, 160)} auth=${s.auth} body=${s.body.kind}${s.body.kind === "text" ? `(${s.body.type}, ${s.body.text.length} chars)` : ""} ${out.error ?? ""}`);
      }
    }

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < specs.length) await one(specs[next++]);
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    // Every response ≥ 500, whoever answered it (the app, Remix or the server in front of it).
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0);
    const unhandled = [...app.web.log].filter((l) => /unhandled|uncaught/i.test(l)).length;
    if (process.env.FUZZ_LOG) (await import("node:fs")).writeFileSync(process.env.FUZZ_LOG, app.web.log.join("\n"));
    console.log(
      `fuzz: requests fuzzed: ${n} over ${paths.length} routes (seed ${SEED}, ${seconds.toFixed(1)} s); 5xx seen: ${fivexx}; unhandled rejections: ${unhandled}; process exits: ${app.crashes}; transport errors: ${transportErrors} (${earlyResets} resets after an early answer to a huge body)\n` +
        `  statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, c]) => `${s}×${c}`).join(" ")}` +
        (failures.length ? `\n  failures:\n    ${failures.join("\n    ")}\n  app log:\n${app.logTail(30)}` : ""),
    );
    expect(n).toBeGreaterThanOrEqual(RUNS);
    expect(failures, failures.join("\n")).toEqual([]);
    expect(fivexx).toBe(0);
    expect(unhandled).toBe(0);
    expect(app.crashes).toBe(0);
    // The app is still there and still works after all that.
    expect((await fetch(`${app.appUrl}/webhooks`)).status).toBeLessThan(500);
  }, 1_800_000);
});
