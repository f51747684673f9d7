// Rate limits on the entry points shoppers can reach, through the real routes: the app proxy
// (per shop × shopper address) and the checkout extension APIs (per shop × buyer: token `sub`,
// else `jti`; and per shop × address). Over budget: 429, Retry-After, JSON, one log line.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestType, setUpValidRequest } from "@shopify/shopify-api/test-helpers";
import prisma from "../../app/db.server";
import { loader as proxyLoader } from "../../app/routes/proxy.stock";
import { action as notesAction } from "../../app/routes/api.stock-notes";
import { loader as surveyLoader } from "../../app/routes/api.survey";
import { LIMIT_RULES } from "../../app/security/limiters.server";
import { apiRequest, call, checkoutToken, installShop, resetCheckoutTables } from "../checkout/helpers";

const APP = process.env.SHOPIFY_APP_URL!;
const SECRET = process.env.SHOPIFY_API_SECRET!;
const NORTH = "north-shop.myshopify.com";
const SOUTH = "south-shop.myshopify.com";
const LINES = { lines: [{ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }] };

async function proxyRequest(store: string, ip: string): Promise<Response> {
  const req = new Request(`${APP}/proxy/stock?path_prefix=%2Fapps%2Fstockroom&logged_in_customer_id=&variant=1`, {
    headers: { "X-Forwarded-For": `${ip}, 10.0.0.1` },
  });
  return call(proxyLoader, await setUpValidRequest({ type: RequestType.Public, store, apiSecretKey: SECRET }, req));
}

function withAddress(req: Request, ip: string): Request {
  const headers = new Headers(req.headers);
  headers.set("X-Forwarded-For", ip);
  return new Request(req, { headers });
}

let warnings: string[] = [];
beforeEach(async () => {
  await resetCheckoutTables();
  await prisma.rateLimit.deleteMany();
  await installShop(NORTH);
  await installShop(SOUTH);
  warnings = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (text.includes('"rate limited"')) warnings.push(text);
    return true;
  });
  process.env.LOG_LEVEL = "warn";
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = "silent";
});

describe("app proxy: per shop × shopper address", () => {
  it("answers 429 with Retry-After past the budget; other addresses and shops are still served", async () => {
    const { points } = LIMIT_RULES.proxy;
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < points; i++) {
      const res = await proxyRequest("north-shop", ip);
      expect(res.status, `request ${i + 1}`).not.toBe(429);
    }
    const refused = await proxyRequest("north-shop", ip);
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(LIMIT_RULES.proxy.durationSec);
    expect(refused.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    expect(await refused.json()).toMatchObject({ error: "rate_limited" });
    // Only the first refusal of the window is logged, and it names the limiter.
    await proxyRequest("north-shop", ip);
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: "warn", limiter: "proxy", key: `${NORTH}|${ip}` });

    expect((await proxyRequest("north-shop", "203.0.113.77")).status).not.toBe(429);
    expect((await proxyRequest("south-shop", ip)).status).not.toBe(429);
  });

  it("refuses a forged request before it can spend anyone's budget", async () => {
    const ip = "198.51.100.250";
    for (let i = 0; i <= LIMIT_RULES.proxy.points; i++) {
      const forged = new Request(`${APP}/proxy/stock?shop=${NORTH}&timestamp=${Math.floor(Date.now() / 1000)}&signature=00&variant=1`, {
        headers: { "X-Forwarded-For": ip },
      });
      expect((await call(proxyLoader, forged)).status).toBe(400);
    }
    expect((await proxyRequest("north-shop", ip)).status).not.toBe(429);
  });
});

describe("checkout APIs: per shop × buyer", () => {
  it("limits a logged-in buyer by `sub` across fresh tokens, with Retry-After and CORS headers", async () => {
    const { points } = LIMIT_RULES.checkout;
    const sub = `gid://shopify/Customer/${Date.now()}`;
    const post = async (shop: string, ip: string) =>
      call(notesAction, withAddress(apiRequest("/api/stock-notes", { token: await checkoutToken({ shop, sub }), body: LINES }), ip));
    // Spread over addresses so only the buyer budget is at stake.
    for (let i = 0; i < points; i++) expect((await post(NORTH, `192.0.2.${i % 250}`)).status, `request ${i + 1}`).toBe(200);
    const refused = await post(NORTH, "192.0.2.251");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBeTruthy();
    expect(warnings.some((w) => JSON.parse(w).limiter === "checkout")).toBe(true);
    // The same customer id at another shop is another buyer.
    expect((await post(SOUTH, "192.0.2.252")).status).toBe(200);
  });

  it("limits an anonymous buyer by the token's `jti`", async () => {
    const token = await checkoutToken({ shop: NORTH });
    const get = (ip: string) => call(surveyLoader, withAddress(apiRequest(`/api/survey?orderId=1`, { token }), ip));
    for (let i = 0; i < LIMIT_RULES.checkout.points; i++) expect((await get(`192.0.2.${i % 250}`)).status).not.toBe(429);
    expect((await get("192.0.2.253")).status).toBe(429);
    // Another token (another checkout) is another buyer.
    const other = await checkoutToken({ shop: NORTH });
    expect((await call(surveyLoader, withAddress(apiRequest(`/api/survey?orderId=1`, { token: other }), "192.0.2.254"))).status).not.toBe(429);
  });

  it("caps one address that mints a fresh token for every call", { timeout: 120_000 }, async () => {
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    let refused: Response | null = null;
    for (let i = 0; i <= LIMIT_RULES.checkoutAddress.points; i++) {
      const token = await checkoutToken({ shop: NORTH, sub: `gid://shopify/Customer/${randomUUID().slice(0, 8)}` });
      const res = await call(notesAction, withAddress(apiRequest("/api/stock-notes", { token, body: LINES }), ip));
      if (res.status === 429) {
        refused = res;
        expect(i).toBe(LIMIT_RULES.checkoutAddress.points);
      }
    }
    expect(refused?.status).toBe(429);
    expect(warnings.some((w) => JSON.parse(w).limiter === "checkoutAddress")).toBe(true);
  });
});
