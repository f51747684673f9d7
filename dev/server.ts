import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { Store, StoreError, shopDomain, type OrderRecord } from "./store/index.ts";
import { OAuthServer } from "./oauth/oauth.ts";
import { WebhookPlatform } from "./webhooks/platform.ts";
import { readAppToml, type AppToml } from "./webhooks/subscriptions.ts";
import type { WebhookFaults } from "./webhooks/delivery.ts";
import { ThemeExtension, createEngine } from "./storefront/theme.ts";
import { Storefront, html, json, layout, moneyFormat } from "./storefront/pages.ts";
import { forwardProxy } from "./storefront/proxy.ts";
import { APP_BRIDGE_JS, renderAdminFrame } from "./admin-frame/frame.ts";
import { Control, CONTROL_METHODS, CONTROL_READ_METHODS } from "./control/control.ts";
import { billingOf, chargePage, subscriptionUpdatePayload } from "./billing/billing.ts";

/**
 * The local Shopify stand-in: one HTTP server that plays every shop.
 *
 *   /store/{handle}/admin/api/2026-10/graphql.json   Admin GraphQL (dev/admin)
 *   /store/{handle}/admin/oauth/access_token          token exchange, refresh, code grant
 *   /store/{handle}/admin/oauth/authorize             authorization-code grant (auto-approved)
 *   /store/{handle}/admin/apps/{app}[/*]              Shopify admin frame around the embedded app
 *   /store/{handle}/admin/charges/{key}/{id}/…        subscription approval page (dev/billing)
 *   /store/{handle}/                                  online store (products, cart, checkout, orders)
 *   /store/{handle}/apps/stockroom/*                  app proxy → {appUrl}/proxy/*  (signed)
 *   /apps/stockroom/*                                 same, shop from Referer / cookie (theme code uses root-relative URLs)
 *   /cdn/extensions/stock-widget/assets/*             theme app extension assets (asset_url)
 *   /app-bridge.js                                    App Bridge stand-in
 *   /_control/{method}                                control API (JSON)
 *   /bulk/*                                           bulk operation result files (dev/admin)
 * Host-based access works too: http://{handle}.localhost:{port}/products/x ≡ /store/{handle}/products/x.
 */

const REPO = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface StandinOptions {
  /** 0 (default) = a free port */
  port?: number;
  host?: string;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  /** path of shopify.app.toml (default: the repo's) */
  appToml?: string;
  /** theme app extension folder (default: extensions/stock-widget) */
  extensionDir?: string;
  /** seed the store: "demo" = dev/demo-seed.ts catalog, or a function */
  seed?: "demo" | ((store: Store) => void | Promise<void>);
  /** RNG seed for the store and webhook fault knobs */
  rngSeed?: number;
  /** an existing store (else a new one) */
  store?: Store;
  webhooks?: { retryScheduleMs?: number[]; retryScale?: number; timeoutMs?: number; faults?: WebhookFaults };
  oauth?: { offlineTtlSeconds?: number; refreshTtlSeconds?: number; onlineTtlSeconds?: number };
  /** install the app on every seeded shop (webhooks flow; tokens come from the app's exchange) */
  installSeeded?: boolean;
  /** host checkout / thank-you / order-status pages with the real checkout UI extensions (dev/extension-host); default true when present */
  checkoutExtensions?: boolean;
  log?: (line: string) => void;
}

export interface Standin {
  url: string;
  port: number;
  store: Store;
  control: Control;
  platform: WebhookPlatform;
  oauth: OAuthServer;
  toml: AppToml;
  stop(): Promise<void>;
}

const MIME: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff2": "font/woff2",
};

type AdminApi = {
  handle(req: IncomingMessage, res: ServerResponse, shopDomain: string): unknown;
  bulkFileHandler?(req: IncomingMessage, res: ServerResponse): unknown;
};

async function loadAdmin(store: Store, publicOrigin: () => string, platform: WebhookPlatform): Promise<AdminApi | null> {
  const p = join(REPO, "dev/admin/index.ts");
  if (!existsSync(p)) return null;
  const mod = (await import("./admin/index.ts" as string)) as {
    createAdminApi: (s: Store, o: { publicOrigin: string | (() => string); customerOfOrder?: (shop: string, order: OrderRecord) => { customerId: number; email: string | null } }) => AdminApi;
  };
  // Order.customer answers the same buyer the orders/* webhook payloads carry.
  return mod.createAdminApi(store, { publicOrigin, customerOfOrder: (shop, order) => platform.buyers.forOrder(shop, order) });
}

export async function startStandin(opts: StandinOptions): Promise<Standin> {
  const store = opts.store ?? new Store({ seed: opts.rngSeed ?? 1 });
  const toml = readAppToml(opts.appToml ?? join(REPO, "shopify.app.toml"));
  const appHandle = toml.appProxy?.subpath ?? "stockroom";
  const proxyPrefix = `/${toml.appProxy?.prefix ?? "apps"}/${toml.appProxy?.subpath ?? "stockroom"}`;
  const appUrl = opts.appUrl.replace(/\/$/, "");
  const log = opts.log ?? (() => {});
  let origin = "";

  const platform = new WebhookPlatform({
    store,
    appUrl,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    toml,
    dispatcher: {
      retryScheduleMs: opts.webhooks?.retryScheduleMs,
      retryScale: opts.webhooks?.retryScale,
      timeoutMs: opts.webhooks?.timeoutMs,
      faults: { seed: opts.rngSeed ?? 1, ...opts.webhooks?.faults },
    },
  });
  const oauth = new OAuthServer({
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    scopes: toml.scopes,
    now: () => store.now(),
    ...opts.oauth,
    tokens: {
      register: (shop, token, scopes, expiresAt) =>
        store.registerAccessToken({
          token,
          shop,
          apiKey: opts.apiKey,
          scopes,
          kind: token.startsWith("shpua_") ? "online" : "offline",
          expiresAt,
          userId: token.startsWith("shpua_") ? 70_000_001 : null,
        }),
      revoke: (_shop, token) => store.revokeAccessToken(token),
      hasShop: (shop) => store.hasShop(shop),
      markInstalled: (shop, scopes) => {
        if (!platform.isInstalled(shop)) platform.install(shop, scopes);
      },
    },
  });
  const ext = new ThemeExtension(opts.extensionDir ?? join(REPO, "extensions/stock-widget"), "/cdn/extensions/stock-widget/assets");
  // dev/extension-host (checkout + thank-you pages running the built UI extensions), created on first use
  type ExtHost = Awaited<ReturnType<typeof import("./extension-host/host.ts")["createExtensionHost"]>>;
  let extHost: Promise<ExtHost | null> | null = null;
  const extensionHost = () => {
    if (opts.checkoutExtensions === false || !existsSync(join(REPO, "dev/extension-host/host.ts"))) return Promise.resolve(null);
    extHost ??= import("./extension-host/host.ts")
      .then((m) => m.createExtensionHost({ apiKey: opts.apiKey, apiSecret: opts.apiSecret, appUrl, origin }))
      .catch((e: Error) => {
        log(`extension host unavailable: ${e.message}`);
        return null;
      });
    return extHost;
  };
  // app_subscriptions/update for every status change of the app's subscriptions (dev/billing)
  billingOf(store).onUpdate((sub) => platform.emit(sub.shop, "app_subscriptions/update", () => subscriptionUpdatePayload(store, sub), sub.updatedAt));
  const storefront = new Storefront({ store, platform, ext, origin: () => origin, appProxyPrefix: proxyPrefix, extensionHost: extensionHost as () => Promise<never> });
  const control = new Control({
    store,
    platform,
    oauth,
    storefront,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    appUrl,
    appHandle,
    scopes: toml.scopes,
    origin: () => origin,
    appProxyPrefix: proxyPrefix,
  });

  if (opts.seed === "demo") {
    const { seedDemo } = await import("./demo-seed.ts");
    seedDemo(store);
  } else if (typeof opts.seed === "function") {
    await opts.seed(store);
  }

  let admin: AdminApi | null = null;

  const frameOpts = { apiKey: opts.apiKey, apiSecret: opts.apiSecret, appUrl, appHandle, appName: "Stockroom" };

  async function renderProxyLiquid(shop: string, handle: string, source: string) {
    const s = store.getShop(shop);
    const engine = createEngine(ext, { locale: "en", moneyFormat: moneyFormat(s.currencyCode) });
    const none = /{%-?\s*layout\s+none\s*-?%}/.test(source);
    const body = await engine.parseAndRender(source.replace(/{%-?\s*layout\s+none\s*-?%}/g, ""), { shop: { name: s.name, permanent_domain: s.domain, currency: s.currencyCode } });
    return none ? body : layout({ title: s.name, shopName: s.name, base: `/store/${handle}`, body });
  }

  async function proxy(handle: string, rest: string, request: Request) {
    const shop = shopDomain(handle);
    if (!store.hasShop(shop)) return new Response("Not found", { status: 404 });
    return forwardProxy(shop, rest, request, {
      // the toml's proxy URL is on the deployed app's host; locally the same path on appUrl
      appProxyUrl: `${appUrl}${toml.appProxy?.url ? new URL(toml.appProxy.url).pathname.replace(/\/$/, "") : "/proxy"}`,
      pathPrefix: proxyPrefix,
      secret: opts.apiSecret,
      renderLiquid: (src) => renderProxyLiquid(shop, handle, src),
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<Response | null> {
    const url = new URL(req.url ?? "/", origin);
    let path = url.pathname;
    // host-based shops: {handle}.localhost:port
    const hostHandle = /^([a-z0-9][a-z0-9-]*)\.(?:localhost|myshopify\.com)(?::\d+)?$/i.exec(req.headers.host ?? "")?.[1];
    if (hostHandle && !path.startsWith("/store/") && !path.startsWith("/_control") && path !== "/app-bridge.js" && !path.startsWith("/cdn/")) {
      path = `/store/${hostHandle}${path}`;
    }

    if (path === "/app-bridge.js") {
      return new Response(APP_BRIDGE_JS, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" } });
    }
    if (path.startsWith("/_control/")) return controlRoute(path.slice("/_control/".length), req, url);
    if (path.startsWith("/__extension-host/")) {
      const host = await extensionHost();
      if (!host) return new Response("Not found", { status: 404 });
      const { handleNode } = await import("./extension-host/host.ts");
      if (await handleNode(host, req, res, origin)) return null;
      return new Response("Not found", { status: 404 });
    }
    if (path.startsWith("/bulk/")) {
      if (!admin?.bulkFileHandler) return new Response("Not found", { status: 404 });
      await admin.bulkFileHandler(req, res);
      return null;
    }
    if (path.startsWith("/cdn/extensions/stock-widget/assets/")) {
      const name = decodeURIComponent(path.slice("/cdn/extensions/stock-widget/assets/".length));
      if (name.includes("..") || name.includes("/")) return new Response("Not found", { status: 404 });
      const file = ext.assetPath(name);
      if (!file) return new Response("Not found", { status: 404 });
      return new Response(readFileSync(file), {
        headers: { "Content-Type": MIME[extname(name)] ?? "application/octet-stream", "Cache-Control": "public, max-age=31536000, immutable", "Access-Control-Allow-Origin": "*" },
      });
    }
    if (path === `${proxyPrefix}` || path.startsWith(`${proxyPrefix}/`)) {
      const handle = shopFromReferer(req) ?? cookie(req, "standin_shop");
      if (!handle) return new Response("App proxy: unknown shop (open a storefront page first)", { status: 404 });
      return proxy(handle, path.slice(proxyPrefix.length + 1), await toRequest(req, url));
    }
    if (path === "/" || path === "") return indexPage();

    const m = /^\/store\/([a-z0-9][a-z0-9-]*)(\/.*)?$/i.exec(path);
    if (!m) return new Response("Not found", { status: 404 });
    const handle = m[1].toLowerCase();
    const shop = shopDomain(handle);
    const sub = m[2] ?? "/";
    if (!store.hasShop(shop)) return new Response(`Unknown shop ${shop}`, { status: 404 });

    if (/^\/admin\/api\/[^/]+\/graphql\.json$/.test(sub)) {
      if (!admin) return json({ errors: [{ message: "Admin API not available in this stand-in build" }] }, 501);
      await admin.handle(req, res, shop);
      return null;
    }
    if (sub === "/admin/oauth/access_token") return oauth.accessToken(shop, await toRequest(req, url));
    if (sub === "/admin/oauth/authorize") return oauth.authorize(shop, url);
    const frame = new RegExp(`^/admin/apps/${appHandle}(?:/(.*))?$`).exec(sub);
    if (frame) return renderAdminFrame(frameOpts, handle, frame[1] ?? "", url.searchParams);
    const charge = /^\/admin\/charges\/[^/]+\/(\d+)\/RecurringApplicationCharge\/confirm_recurring_application_charge$/.exec(sub);
    if (charge) return chargePage(store, origin, appHandle, shop, Number(charge[1]), await toRequest(req, url));
    if (sub === "/admin" || sub === "/admin/") return new Response(null, { status: 302, headers: { Location: `/store/${handle}/admin/apps/${appHandle}` } });
    if (sub === proxyPrefix || sub.startsWith(`${proxyPrefix}/`)) return proxy(handle, sub.slice(proxyPrefix.length + 1), await toRequest(req, url));

    const withShopCookie = (r: Response) => {
      r.headers.append("Set-Cookie", `standin_shop=${handle}; Path=/; SameSite=Lax`);
      return r;
    };
    if (req.method === "GET" && (sub === "/" || sub === "/collections/all")) return withShopCookie(storefront.home(handle, shop));
    // a logged-in buyer for the app proxy's logged_in_customer_id: /account/login?customer_id=N (empty logs out)
    if (req.method === "GET" && sub === "/account/login") {
      const id = url.searchParams.get("customer_id") ?? "";
      const back = url.searchParams.get("return_to") ?? `/store/${handle}/`;
      return new Response(null, {
        status: 303,
        headers: {
          Location: back.startsWith("/") ? back : `/store/${handle}/`,
          "Set-Cookie": /^\d+$/.test(id) ? `standin_customer_id=${id}; Path=/; SameSite=Lax` : "standin_customer_id=; Path=/; Max-Age=0",
        },
      });
    }
    const prod = /^\/products\/([^/]+?)(\.js)?$/.exec(sub);
    if (prod && req.method === "GET") {
      if (prod[2]) return storefront.productJson(handle, shop, decodeURIComponent(prod[1]));
      return withShopCookie(await storefront.product(handle, shop, decodeURIComponent(prod[1]), url));
    }
    if (sub === "/cart/add" && req.method === "POST") return storefront.cartAdd(handle, shop, await toRequest(req, url), cookie(req, "standin_customer_id"));
    if (sub === "/cart" && req.method === "GET") return withShopCookie(storefront.cartPage(handle, shop, await toRequest(req, url)));
    if (sub === "/cart" && req.method === "POST") return storefront.cartUpdate(handle, shop, await toRequest(req, url), cookie(req, "standin_customer_id"));
    if (sub === "/checkout" && req.method === "POST") return storefront.checkout(handle, shop, await toRequest(req, url));
    const co = /^\/checkouts\/cn\/([a-f0-9]+)(\/pay)?$/.exec(sub);
    if (co && !co[2] && req.method === "GET") return storefront.checkoutPage(handle, shop, co[1], await toRequest(req, url));
    if (co && co[2] && req.method === "POST") return storefront.pay(handle, shop, co[1], await toRequest(req, url));
    const ty = /^\/(thank-you|orders)\/(\d+)$/.exec(sub);
    if (ty && req.method === "GET") return storefront.orderPage(handle, shop, Number(ty[2]), ty[1] === "thank-you" ? "thank-you" : "order-status", await toRequest(req, url));
    // the merchant's view of an order (cancel / refund with restock), as in Shopify admin
    const ord = /^\/admin\/orders\/(\d+)(?:\/(cancel|refund))?$/.exec(sub);
    if (ord) {
      const id = Number(ord[1]);
      if (!ord[2] && req.method === "GET") return storefront.order(handle, shop, id);
      if (ord[2] === "cancel" && req.method === "POST") return storefront.cancel(handle, shop, id, await toRequest(req, url));
      if (ord[2] === "refund" && req.method === "POST") return storefront.refund(handle, shop, id, await toRequest(req, url));
    }
    return html(layout({ title: "Not found", shopName: store.getShop(shop).name, base: `/store/${handle}`, body: "<h1>404 – Page not found</h1>" }), 404);
  }

  async function controlRoute(name: string, req: IncomingMessage, url: URL): Promise<Response> {
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "content-type", "Access-Control-Allow-Methods": "GET, POST" };
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
    const method = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!(CONTROL_METHODS as readonly string[]).includes(method)) return json({ error: `unknown control method ${name}` }, 404);
    let arg: Record<string, unknown> = {};
    if (req.method === "POST") {
      const body = await readNodeBody(req);
      try {
        arg = body.length ? JSON.parse(body.toString("utf8")) : {};
      } catch {
        return json({ error: "body must be JSON" }, 400);
      }
    } else if (req.method === "GET") {
      if (!CONTROL_READ_METHODS.has(method)) return json({ error: `${method} needs POST` }, 405);
      for (const [k, v] of url.searchParams) arg[k] = /^\d+$/.test(v) ? Number(v) : v === "true" ? true : v === "false" ? false : v;
    }
    try {
      const fn = (control as unknown as Record<string, (a: unknown) => unknown>)[method];
      const out = await fn.call(control, arg);
      const r = json(out ?? { ok: true });
      for (const [k, v] of Object.entries(cors)) r.headers.set(k, v);
      return r;
    } catch (e) {
      const code = e instanceof StoreError ? e.code : "ERROR";
      const status = code === "NOT_FOUND" ? 404 : e instanceof StoreError ? 422 : 500;
      const r = json({ error: (e as Error).message, code }, status);
      for (const [k, v] of Object.entries(cors)) r.headers.set(k, v);
      return r;
    }
  }

  function indexPage(): Response {
    const rows = control
      .shops()
      .map((s) => {
        const h = s.domain.replace(/\.myshopify\.com$/, "");
        return `<li><b>${s.name}</b> (${s.domain}) — ${s.products} products, ${s.variants} variants, app ${s.installed ? "installed" : "not installed"} — <a href="/store/${h}/admin/apps/${appHandle}">admin</a> · <a href="/store/${h}/">storefront</a></li>`;
      })
      .join("");
    return html(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shopify stand-in</title></head><body style="font:16px system-ui;margin:32px"><h1>Shopify stand-in</h1><p>App: ${appUrl}</p><ul>${rows}</ul></body></html>`);
  }

  const server: Server = createServer((req, res) => {
    route(req, res)
      .then(async (r) => {
        if (!r) return; // handled natively
        await writeResponse(res, r, req.method === "HEAD");
      })
      .catch((e: Error) => {
        log(`stand-in error on ${req.method} ${req.url}: ${e.stack ?? e.message}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`stand-in error: ${e.message}`);
      });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  admin = await loadAdmin(store, () => origin, platform);

  if (opts.installSeeded) {
    for (const s of store.shops.keys()) platform.install(s, toml.scopes);
  }

  return {
    url: origin,
    port,
    store,
    control,
    platform,
    oauth,
    toml,
    async stop() {
      platform.stop();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

// ------------------------------------------------------------------ node ⇄ fetch helpers

function readNodeBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}

async function toRequest(req: IncomingMessage, url: URL): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v == null) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(url, { method, headers, body: hasBody ? new Uint8Array(await readNodeBody(req)) : undefined });
}

async function writeResponse(res: ServerResponse, r: Response, head: boolean) {
  const headers: Record<string, string | string[]> = {};
  r.headers.forEach((v, k) => {
    if (k === "set-cookie") return;
    headers[k] = v;
  });
  const cookies = r.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(r.status, headers);
  if (head || !r.body) {
    res.end();
    return;
  }
  const buf = Buffer.from(await r.arrayBuffer());
  res.end(buf);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(req.headers.cookie ?? "");
  return m?.[1];
}

function shopFromReferer(req: IncomingMessage): string | undefined {
  const ref = req.headers.referer;
  if (!ref) return undefined;
  try {
    return /^\/store\/([a-z0-9][a-z0-9-]*)\//i.exec(new URL(ref).pathname)?.[1];
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ CLI: tsx dev/server.ts

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const appUrl = arg("app-url") ?? process.env.SHOPIFY_APP_URL;
  const apiKey = arg("api-key") ?? process.env.SHOPIFY_API_KEY;
  const apiSecret = arg("api-secret") ?? process.env.SHOPIFY_API_SECRET;
  if (!appUrl || !apiKey || !apiSecret) {
    console.error("usage: tsx dev/server.ts --app-url URL --api-key KEY --api-secret SECRET [--port N] [--demo]  (or SHOPIFY_APP_URL/SHOPIFY_API_KEY/SHOPIFY_API_SECRET)");
    process.exit(2);
  }
  startStandin({
    appUrl,
    apiKey,
    apiSecret,
    port: Number(arg("port") ?? 0),
    seed: process.argv.includes("--demo") ? "demo" : undefined,
    installSeeded: process.argv.includes("--install"),
    log: (l) => console.error(l),
  }).then((s) => {
    console.log(JSON.stringify({ url: s.url, shops: s.control.shops().map((x) => ({ shop: x.domain, ...s.control.urls({ shop: x.domain }) })) }, null, 2));
    const stop = () => s.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
