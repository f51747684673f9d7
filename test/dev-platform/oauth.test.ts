import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestedTokenType } from "@shopify/shopify-api";
import { startStandin, type Standin } from "../../dev/server.ts";
import { Store } from "../../dev/store/index.ts";
import { API_KEY, API_SECRET, makeApi, makeApp, pointLibraryAt } from "./helpers.ts";

// Token exchange, refresh, code grant and session tokens, checked by calling
// @shopify/shopify-api / @shopify/shopify-app-remix themselves against the stand-in.

let clock = Date.now();
let standin: Standin;
const APP_URL = "https://stockroom-app.example";
const { app, storage } = makeApp(APP_URL);
const api = makeApi(APP_URL);

beforeAll(async () => {
  const store = new Store({ now: () => clock });
  standin = await startStandin({
    appUrl: APP_URL,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    store,
    seed: (s) => {
      s.createShop({ domain: "north-shop" });
      s.createShop({ domain: "south-shop" });
    },
  });
  pointLibraryAt(standin.url);
});
afterAll(() => standin?.stop());

describe("session tokens", () => {
  it("admin session tokens minted by the stand-in pass the library's decodeSessionToken", async () => {
    const { token } = await standin.control.sessionToken({ shop: "north-shop" });
    const payload = await api.session.decodeSessionToken(token);
    expect(payload.iss).toBe("https://north-shop.myshopify.com/admin");
    expect(payload.dest).toBe("https://north-shop.myshopify.com");
    expect(payload.aud).toBe(API_KEY);
    for (const k of ["sub", "exp", "nbf", "iat", "jti", "sid"]) expect(payload).toHaveProperty(k);
  });

  it("expired tokens and tokens signed with another secret are rejected by the library", async () => {
    const { token } = await standin.control.sessionToken({ shop: "north-shop", ttlSeconds: -60 });
    await expect(api.session.decodeSessionToken(token)).rejects.toThrow();
    const other = makeApi(APP_URL, "another-secret");
    const { token: fresh } = await standin.control.sessionToken({ shop: "north-shop" });
    await expect(other.session.decodeSessionToken(fresh)).rejects.toThrow();
  });

  it("checkout session tokens pass authenticate.public.checkout (dest = shop, sub = customer)", async () => {
    const { token } = await standin.control.checkoutToken({ shop: "north-shop", customerId: 42 });
    const req = new Request(`${APP_URL}/api/stock-note`, { method: "POST", headers: { Authorization: `Bearer ${token}`, Origin: "https://extensions.shopifycdn.com" } });
    const { sessionToken } = await app.authenticate.public.checkout(req);
    expect(sessionToken.dest).toBe("north-shop.myshopify.com");
    expect(sessionToken.aud).toBe(API_KEY);
    expect(sessionToken.sub).toBe("gid://shopify/Customer/42");
    expect(sessionToken.iss).toBeUndefined();
    const bad = new Request(`${APP_URL}/api/stock-note`, { method: "POST", headers: { Authorization: `Bearer ${token}x` } });
    await expect(app.authenticate.public.checkout(bad)).rejects.toBeInstanceOf(Response);
  });
});

describe("token exchange", () => {
  it("offline expiring: the library gets a session with expiry and refresh token; the Admin API registry accepts the token", async () => {
    const { token } = await standin.control.sessionToken({ shop: "north-shop" });
    const { session } = await api.auth.tokenExchange({
      shop: "north-shop.myshopify.com",
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.isOnline).toBe(false);
    expect(session.id).toBe("offline_north-shop.myshopify.com");
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.scope).toBe("read_products,read_inventory,write_inventory,read_orders,read_locations,write_products,write_publications");
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 80 * 24 * 3600_000);
    expect(standin.store.validateAccessToken("north-shop", session.accessToken)).not.toBeNull();
    expect(standin.store.validateAccessToken("south-shop", session.accessToken)).toBeNull();
    expect(standin.platform.isInstalled("north-shop.myshopify.com")).toBe(true);

    // an hour later the access token is rejected; the refresh grant gives a new pair
    clock += 3601_000;
    expect(standin.store.validateAccessToken("north-shop", session.accessToken)).toBeNull();
    const { session: refreshed } = await api.auth.refreshToken({ shop: "north-shop.myshopify.com", refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(standin.store.validateAccessToken("north-shop", refreshed.accessToken)).not.toBeNull();
    // refresh tokens rotate: the old one is dead
    await expect(api.auth.refreshToken({ shop: "north-shop.myshopify.com", refreshToken: session.refreshToken! })).rejects.toThrow();
    clock = Date.now();
  });

  it("online: the library marks the session online with the associated user", async () => {
    const { token } = await standin.control.sessionToken({ shop: "north-shop", userId: 777 });
    const { session } = await api.auth.tokenExchange({
      shop: "north-shop.myshopify.com",
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.id).toBe("north-shop.myshopify.com_777");
    expect(session.onlineAccessInfo?.associated_user.id).toBe(777);
    expect(session.onlineAccessInfo?.associated_user_scope).toContain("read_inventory");
    expect(standin.store.validateAccessToken("north-shop", session.accessToken)?.kind).toBe("online");
  });

  it("rejects a session token for another shop, a forged token and a wrong client secret", async () => {
    const { token } = await standin.control.sessionToken({ shop: "south-shop" });
    const post = (body: Record<string, string>) =>
      fetch(`${standin.url}/store/north-shop/admin/oauth/access_token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const base = {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: token,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    };
    const otherShop = await post(base);
    expect(otherShop.status).toBe(400);
    expect((await otherShop.json()).error).toBe("invalid_subject_token");
    // Changes the signature's second-to-last character, which carries only significant bits.
    const at = token.length - 2;
    const forged = await post({ ...base, subject_token: token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1) });
    expect(forged.status).toBe(400);
    const badSecret = await post({ ...base, client_secret: "nope" });
    expect(badSecret.status).toBe(401);
  });

  it("authenticate.admin on an embedded document request exchanges tokens with the stand-in", async () => {
    const { token } = await standin.control.sessionToken({ shop: "south-shop" });
    const host = Buffer.from("admin.shopify.com/store/south-shop").toString("base64url");
    const req = new Request(`${APP_URL}/app?embedded=1&shop=south-shop.myshopify.com&host=${host}&id_token=${token}`, {
      headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36" },
    });
    const { session } = await app.authenticate.admin(req);
    expect(session.shop).toBe("south-shop.myshopify.com");
    expect(session.isOnline).toBe(true);
    const offline = await storage.loadSession("offline_south-shop.myshopify.com");
    expect(offline?.accessToken).toMatch(/^shpat_/);
    expect(offline?.refreshToken).toMatch(/^shprt_/);
    expect(standin.store.validateAccessToken("south-shop", offline!.accessToken)).not.toBeNull();
  });
});

describe("Admin API with exchanged tokens", () => {
  it("the library's GraphQL client works with an exchanged token; after expiry the API answers 401", async () => {
    const { token } = await standin.control.sessionToken({ shop: "north-shop" });
    const { session } = await api.auth.tokenExchange({
      shop: "north-shop.myshopify.com",
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    const client = new api.clients.Graphql({ session });
    const res = await client.request(`{ shop { myshopifyDomain } }`);
    expect(res.data).toEqual({ shop: { myshopifyDomain: "north-shop.myshopify.com" } });
    clock += 3601_000;
    try {
      await expect(client.request(`{ shop { myshopifyDomain } }`)).rejects.toMatchObject({ response: { code: 401 } });
    } finally {
      clock = Date.now();
    }
  });
});

describe("authorization code grant", () => {
  it("authorize redirects with a code and an HMAC the library validates; the code buys one token", async () => {
    const res = await fetch(
      `${standin.url}/store/north-shop/admin/oauth/authorize?client_id=${API_KEY}&scope=read_products&redirect_uri=${encodeURIComponent(`${APP_URL}/auth/callback`)}&state=abc`,
      { redirect: "manual" },
    );
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.origin + loc.pathname).toBe(`${APP_URL}/auth/callback`);
    expect(loc.searchParams.get("state")).toBe("abc");
    expect(await api.utils.validateHmac(Object.fromEntries(loc.searchParams) as never)).toBe(true);
    const body = { client_id: API_KEY, client_secret: API_SECRET, code: loc.searchParams.get("code")!, expiring: "0" };
    const post = () => fetch(`${standin.url}/store/north-shop/admin/oauth/access_token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const first = await post();
    expect(first.status).toBe(200);
    const tok = await first.json();
    expect(tok.access_token).toMatch(/^shpat_/);
    expect(tok.expires_in).toBeUndefined();
    expect((await post()).status).toBe(400);
  });
});
