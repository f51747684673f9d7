/**
 * Test kit for the local Shopify stand-in (Vitest, Playwright, benchmarks, the demo).
 *
 *   const sf = await startStandin({ appUrl, apiKey, apiSecret, seed: "demo" });
 *   process.env = { ...process.env, ...appEnv(sf, creds) };   // the app's seam points at sf
 *   await sf.control.installApp({ shop: "north-shop" });      // real token exchange by the app
 *   sf.control.placeOrder({ shop: "north-shop", lines: [{ sku: "SR-TSH-001-M", quantity: 1 }] });
 *   await sf.control.waitForDeliveries();
 *   await sf.stop();
 *
 * From another process, `controlClient(url)` gives the same methods over HTTP.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page, BrowserContext } from "playwright-core";
import type { Control } from "./control/control.ts";
import { startStandin, type Standin, type StandinOptions } from "./server.ts";

export { startStandin, type Standin, type StandinOptions } from "./server.ts";
export { Control, CONTROL_METHODS } from "./control/control.ts";
export { mintAdminSessionToken, mintCheckoutSessionToken, verifySessionToken } from "./oauth/session-token.ts";
export { signBody as webhookHmac, SHOPIFY_RETRY_SCHEDULE_MS, type WebhookFaults, type Delivery } from "./webhooks/delivery.ts";
export { signProxyQuery, proxyQuery } from "./storefront/proxy.ts";
export { seedDemo, DEMO_SHOPS } from "./demo-seed.ts";
export { Store } from "./store/index.ts";

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
  /** The app's SESSION_ENCRYPTION_KEY (tokens at rest); generated like the secret, never committed. */
  sessionEncryptionKey?: string;
}

/** Fresh app credentials (the demo generates its secret at set-up; nothing is committed). */
export function generateCredentials(): AppCredentials {
  return {
    apiKey: randomBytes(16).toString("hex"),
    apiSecret: `shpss_${randomBytes(16).toString("hex")}`,
    sessionEncryptionKey: `dev:${randomBytes(32).toString("base64")}`,
  };
}

/** Environment the app needs to run against this stand-in. */
export function appEnv(standin: Pick<Standin, "url" | "toml">, creds: AppCredentials, appUrl: string): Record<string, string> {
  return {
    SHOPIFY_STANDIN_URL: standin.url,
    SHOPIFY_API_KEY: creds.apiKey,
    SHOPIFY_API_SECRET: creds.apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SCOPES: standin.toml.scopes.join(","),
    APP_BRIDGE_URL: `${standin.url}/app-bridge.js`,
    ...(creds.sessionEncryptionKey ? { SESSION_ENCRYPTION_KEY: creds.sessionEncryptionKey } : {}),
  };
}

/** Start, run `fn`, always stop. */
export async function withStandin<T>(opts: StandinOptions, fn: (s: Standin) => Promise<T>): Promise<T> {
  const s = await startStandin(opts);
  try {
    return await fn(s);
  } finally {
    await s.stop();
  }
}

// ------------------------------------------------------------------ control over HTTP

type Remote<T> = {
  [K in keyof T]: T[K] extends (a: infer A) => infer R ? (a: A) => Promise<Awaited<R>> : T[K] extends () => infer R ? () => Promise<Awaited<R>> : never;
};
export type ControlClient = Remote<Pick<Control, Exclude<keyof Control, never>>>;

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The control API of a stand-in running elsewhere (another process, Playwright). */
export function controlClient(standinUrl: string): ControlClient {
  const base = standinUrl.replace(/\/$/, "");
  return new Proxy({} as ControlClient, {
    get(_t, name: string) {
      if (name === "then") return undefined;
      return async (arg: unknown = {}) => {
        const res = await fetch(`${base}/_control/${name}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(arg ?? {}) });
        const body = await res.json();
        if (!res.ok) throw new ControlError(body.error ?? `control ${name} failed`, res.status, body.code ?? "ERROR");
        return body;
      };
    },
  });
}

// ------------------------------------------------------------------ Playwright helpers

/** Chromium flags that work on this machine (see ENV-NOTES). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch options for playwright-core's chromium.launch (Playwright gives it a fresh temporary profile). */
export function chromiumLaunchOptions() {
  return { executablePath: "/usr/bin/chromium", headless: true, args: [...CHROMIUM_ARGS] };
}

/**
 * A desktop Chrome user agent. Headless Chromium says "HeadlessChrome", which the app's admin
 * routes (isbot, as in Shopify's template) answer with 410: use this in browser contexts.
 */
export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

/** Options for browser.newContext(): desktop UA, a normal viewport. */
export function browserContextOptions() {
  return { userAgent: BROWSER_USER_AGENT, viewport: { width: 1280, height: 900 } };
}

/** A fresh profile folder for chromium.launchPersistentContext(userDataDir, chromiumLaunchOptions()). */
export function freshUserDataDir() {
  return mkdtempSync(join(tmpdir(), "stockroom-chromium-"));
}

type Routable = Pick<Page, "route"> | Pick<BrowserContext, "route">;

/**
 * Make a Playwright page Shopify-proof: App Bridge's CDN URL is answered with the stand-in's
 * script, and any other request to Shopify's real hosts is aborted and recorded (assert the
 * returned list is empty at the end of the test).
 */
export async function isolateFromShopify(page: Routable, standinUrl: string): Promise<string[]> {
  const blocked: string[] = [];
  const script = await (await fetch(`${standinUrl}/app-bridge.js`)).text();
  await page.route("https://cdn.shopify.com/shopifycloud/app-bridge.js", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: script }));
  await page.route(/^https?:\/\/([^/]+\.)?(shopify\.com|myshopify\.com|shopifycdn\.com|shopifycloud\.com|shopifysvc\.com)\//, (route) => {
    const u = route.request().url();
    if (u === "https://cdn.shopify.com/shopifycloud/app-bridge.js") return route.fulfill({ status: 200, contentType: "text/javascript", body: script });
    blocked.push(u);
    return route.abort("blockedbyclient");
  });
  return blocked;
}

/** URLs to open in a browser for a shop. */
export function shopUrls(standinUrl: string, shop: string, appHandle = "stockroom") {
  const handle = shop.replace(/\.myshopify\.com$/, "");
  return {
    admin: (path = "") => `${standinUrl}/store/${handle}/admin/apps/${appHandle}${path ? `/${path.replace(/^\//, "")}` : ""}`,
    storefront: `${standinUrl}/store/${handle}/`,
    product: (productHandle: string, variantId?: number) => `${standinUrl}/store/${handle}/products/${productHandle}${variantId ? `?variant=${variantId}` : ""}`,
    /** the buyer's order status page (survey extension) */
    order: (orderId: number) => `${standinUrl}/store/${handle}/orders/${orderId}`,
    thankYou: (orderId: number) => `${standinUrl}/store/${handle}/thank-you/${orderId}`,
    /** the merchant's order view: cancel / refund with restock */
    adminOrder: (orderId: number) => `${standinUrl}/store/${handle}/admin/orders/${orderId}`,
  };
}

/** The app iframe inside the stand-in's admin (Playwright FrameLocator). */
export const APP_IFRAME_SELECTOR = "iframe#app-iframe";
