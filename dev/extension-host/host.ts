// The stand-in's checkout, thank-you and order-status pages: they run the real built UI
// extensions (extensions/checkout-stock, extensions/thank-you-survey, built the way Shopify's
// CLI bundles them) in Chromium, each instance in its own iframe with a `shopify` global
// (runtime/shopify-global.ts) and look-alikes of the Polaris checkout elements. Session tokens
// are minted here, as Shopify does, with the app's API key and secret. See README.md.
import { randomUUID } from "node:crypto";
import { build } from "esbuild";
import { join } from "node:path";
import { buildExtension, type BuiltExtension } from "../../scripts/build-extensions.mjs";
import { mintCheckoutSessionToken } from "../oauth/session-token";
import { translationsFor } from "./config";
import type { HostedTarget, InstanceConfig } from "./runtime/shopify-global";
import type { CartLine } from "@shopify/ui-extensions/checkout";

export interface ExtensionHostOptions {
  apiKey: string;
  apiSecret: string;
  /** The app's URL the bundles call (`process.env.APP_URL` at build time, as the CLI sets it). */
  appUrl: string;
  /** Path prefix the host's own assets and endpoints are served under (default "/__extension-host"). */
  prefix?: string;
  /** Public origin of the stand-in (absolute URLs inside iframes); default: from each request. */
  origin?: string;
  /** Session token lifetime (Shopify: 5 minutes). */
  tokenTtlSeconds?: number;
}

export interface HostShop {
  /** `north-shop.myshopify.com` */
  domain: string;
  name: string;
  /** Where alternative links point, e.g. `http://127.0.0.1:4100/store/north-shop`. */
  storefrontUrl: string;
  currencyCode: string;
  /** Numeric shop id for `shopify.shop.id`. */
  id?: number | string;
}

export interface HostLine {
  /** Cart line id: a gid, or a number the host turns into gid://shopify/CartLine/{n}. */
  id?: string | number;
  variantId: number | string;
  productId: number | string;
  title: string;
  variantTitle?: string;
  quantity: number;
  /** Unit price. */
  price: number;
  sku?: string;
  vendor?: string;
  productType?: string;
  imageUrl?: string;
}

interface PageBase {
  shop: HostShop;
  lines: HostLine[];
  /** BCP-47 (en, fr, de-DE …); default "en". */
  locale?: string;
  /** Logged-in buyer (adds `sub` to session tokens). */
  customerId?: number | string;
  /** Merchant settings of each extension, by extension handle. */
  settings?: Record<string, Record<string, string | number | boolean>>;
}

export interface CheckoutPageInput extends PageBase {
  checkoutToken: string;
  /** "Pay now" submits a POST form here (after the buyer-journey interceptors allow it). */
  payAction: string;
  payFields?: Record<string, string>;
  /** Shown above the summary (e.g. "Not enough stock" from a failed attempt). */
  notice?: string;
}

export interface OrderPageInput extends PageBase {
  order: { id: number | string; name: string; isFirstOrder: boolean; processedAt?: string };
  /** "thank-you" (purchase.thank-you.block.render) or "order-status" (customer-account.order-status.block.render). */
  page: "thank-you" | "order-status";
}

const CHECKOUT_EXTENSION = "checkout-stock";
const SURVEY_EXTENSION = "thank-you-survey";

const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
/** JSON safe inside <script> and inside a srcdoc attribute. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

export interface ExtensionHost {
  renderCheckoutPage(input: CheckoutPageInput, request?: Request): Promise<string>;
  renderOrderPage(input: OrderPageInput, request?: Request): Promise<string>;
  /** Serves `{prefix}/runtime.js`, `{prefix}/ext/{handle}.js` and `{prefix}/session-token`; null for other paths. */
  handle(request: Request): Promise<Response | null>;
  /** Mints a checkout session token for a page context (exposed for tests). */
  mintToken(contextId: string): Promise<{ token: string; expiresAt: number } | null>;
  prefix: string;
}

export function createExtensionHost(options: ExtensionHostOptions): ExtensionHost {
  const prefix = options.prefix ?? "/__extension-host";
  const ttl = options.tokenTtlSeconds ?? 300;
  const contexts = new Map<string, { shop: string; customerId?: string; until: number }>();
  const bundles = new Map<string, Promise<BuiltExtension>>();
  let runtime: Promise<string> | null = null;

  const extension = (name: string) => {
    if (!bundles.has(name)) bundles.set(name, buildExtension(name, { appUrl: options.appUrl, write: false }));
    return bundles.get(name)!;
  };
  const runtimeJs = () =>
    (runtime ??= build({
      entryPoints: [join(import.meta.dirname, "runtime", "frame.ts")],
      bundle: true,
      format: "iife",
      target: "es2020",
      minify: true,
      write: false,
      logLevel: "warning",
    }).then((r) => r.outputFiles[0].text));

  const originOf = (request?: Request) => options.origin ?? (request ? new URL(request.url).origin : "");

  function newContext(shop: string, customerId?: number | string) {
    const id = randomUUID();
    // Contexts live as long as a buyer could keep the page open; old ones are dropped.
    const now = Date.now();
    for (const [k, v] of contexts) if (v.until < now) contexts.delete(k);
    contexts.set(id, { shop, customerId: customerId == null ? undefined : String(customerId), until: now + 6 * 3600_000 });
    return id;
  }

  function cartLines(input: PageBase): CartLine[] {
    return input.lines.map((l, i) => ({
      id:
        l.id == null
          ? `gid://shopify/CartLine/${i + 1}`
          : String(l.id).startsWith("gid://")
            ? String(l.id)
            : `gid://shopify/CartLine/${l.id}`,
      quantity: l.quantity,
      merchandise: {
        type: "variant",
        id: `gid://shopify/ProductVariant/${l.variantId}`,
        title: l.variantTitle ?? l.title,
        subtitle: l.variantTitle,
        image: l.imageUrl ? { url: l.imageUrl, title: l.title, type: "custom" } : undefined,
        selectedOptions: [],
        product: { id: `gid://shopify/Product/${l.productId}`, vendor: l.vendor ?? "", productType: l.productType ?? "" },
        requiresShipping: true,
        sku: l.sku,
      },
      cost: { totalAmount: { amount: l.price * l.quantity, currencyCode: input.shop.currencyCode } },
      attributes: [],
      discountAllocations: [],
      lineComponents: [],
      parentRelationship: null,
    })) as CartLine[];
  }

  async function instance(
    name: string,
    target: HostedTarget,
    input: PageBase,
    contextId: string,
    origin: string,
    extra: Partial<InstanceConfig>,
  ) {
    const built = await extension(name);
    const locale = input.locale ?? "en";
    const config: InstanceConfig = {
      target,
      extension: {
        handle: built.handle,
        apiVersion: built.apiVersion,
        scriptUrl: `${origin}${prefix}/ext/${built.handle}.js`,
        capabilities: built.capabilities,
      },
      shop: {
        id: `gid://shopify/Shop/${input.shop.id ?? 1}`,
        name: input.shop.name,
        storefrontUrl: input.shop.storefrontUrl,
        myshopifyDomain: input.shop.domain,
      },
      lines: cartLines(input),
      settings: Object.fromEntries(
        built.settings.map((f) => [f.key, input.settings?.[built.handle]?.[f.key]]).filter(([, v]) => v !== undefined),
      ),
      locale,
      currency: input.shop.currencyCode,
      translations: translationsFor(name, locale),
      tokenUrl: `${origin}${prefix}/session-token`,
      contextId,
      storageKey: `${input.shop.domain}:${built.handle}`,
      ...extra,
    };
    const instanceId = randomUUID().slice(0, 8);
    const doc = `<!doctype html><html lang="${esc(locale)}"><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:transparent;font:14px/1.45 -apple-system,"Segoe UI",system-ui,sans-serif;color:#333}body{display:flow-root}</style><script>window.__STOCKROOM_EXT__=${scriptJson({ instanceId, config })}</script><script src="${origin}${prefix}/runtime.js"></script><script src="${config.extension.scriptUrl}"></script></head><body></body></html>`;
    return `<iframe class="ext" data-extension="${esc(built.handle)}" data-target="${esc(target)}" data-instance="${instanceId}" title="${esc(built.handle)}: ${esc(target)}" srcdoc="${esc(doc)}" style="width:100%;border:0;height:0;display:block"></iframe>`;
  }

  const pageScript = `<script>
(() => {
  const frames = () => Array.from(document.querySelectorAll("iframe.ext"));
  const byId = (id) => frames().find((f) => f.dataset.instance === id);
  const pending = new Map();
  window.addEventListener("message", (e) => {
    const m = e.data;
    if (!m || m.source !== "stockroom-ext") return;
    const f = byId(m.instanceId);
    if (m.type === "resize" && f) f.style.height = m.height + "px";
    if (m.type === "rendered" && f) f.dataset.rendered = "true";
    if (m.type === "error" && f) { f.dataset.error = m.message; console.error("extension error", m.message); }
    if (m.type === "intercept-result" && pending.has(m.requestId)) { pending.get(m.requestId)(m.results); pending.delete(m.requestId); }
  });
  // Shopify asks every extension's buyer-journey interceptors before the buyer moves on.
  window.stockroomIntercept = () => Promise.all(frames().filter((f) => f.dataset.target.startsWith("purchase.checkout")).map((f) => new Promise((resolve) => {
    const requestId = Math.random().toString(36).slice(2);
    pending.set(requestId, resolve);
    f.contentWindow.postMessage({ target: "stockroom-ext", type: "intercept", requestId }, "*");
    setTimeout(() => { if (pending.delete(requestId)) resolve([]); }, 2000);
  }))).then((all) => all.flat());
  window.stockroomUpdate = (key, value) => frames().forEach((f) => f.contentWindow.postMessage({ target: "stockroom-ext", type: "update", key, value }, "*"));
  const form = document.getElementById("pay");
  if (form) form.addEventListener("submit", async (e) => {
    if (form.dataset.allowed) return;
    e.preventDefault();
    const results = await window.stockroomIntercept();
    const blocked = results.filter((r) => r.behavior === "block");
    const box = document.getElementById("journey-errors");
    box.textContent = blocked.map((r) => r.reason || "Blocked by an extension").join(" ");
    if (!blocked.length) { form.dataset.allowed = "1"; form.submit(); }
  });
})();
</script>`;

  const layout = (title: string, shop: HostShop, body: string, locale: string) => `<!doctype html>
<html lang="${esc(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} – ${esc(shop.name)}</title>
<style>
 body{margin:0;font:14px/1.45 -apple-system,"Segoe UI",system-ui,sans-serif;color:#333;background:#fff}
 header{padding:20px 32px;border-bottom:1px solid #e6e6e6;font-size:22px}
 .cols{display:grid;grid-template-columns:1fr 420px;min-height:calc(100vh - 70px)}
 .main{padding:32px} .summary{background:#f5f5f5;border-left:1px solid #e6e6e6;padding:32px}
 .line{display:grid;grid-template-columns:56px 1fr auto;gap:12px;align-items:start;padding:10px 0}
 .thumb{width:56px;height:56px;border-radius:8px;background:#e6e6e6;position:relative}
 .qty{position:absolute;top:-8px;right:-8px;background:#707070;color:#fff;border-radius:10px;padding:0 7px;font-size:12px}
 .title{font-weight:600} .muted{color:#707070}
 button.pay{width:100%;padding:16px;border:0;border-radius:5px;background:#1773b0;color:#fff;font-size:16px;cursor:pointer}
 .notice{background:#fff4f4;border:1px solid #d82c0d;border-radius:5px;padding:12px;margin-bottom:16px}
 #journey-errors:empty{display:none} #journey-errors{color:#d82c0d;margin:8px 0}
 @media (max-width:800px){.cols{grid-template-columns:1fr}}
</style></head><body><header>${esc(shop.name)}</header>${body}${pageScript}</body></html>`;

  const money = (amount: number, currency: string, locale: string) =>
    new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount);

  async function summary(input: PageBase, lineExtras: (i: number) => Promise<string>) {
    const locale = input.locale ?? "en";
    const rows = await Promise.all(
      input.lines.map(
        async (l, i) =>
          `<div class="line" data-variant="${esc(l.variantId)}"><div class="thumb"><span class="qty">${l.quantity}</span></div><div><div class="title">${esc(l.title)}</div>${l.variantTitle ? `<div class="muted">${esc(l.variantTitle)}</div>` : ""}${await lineExtras(i)}</div><div>${money(l.price * l.quantity, input.shop.currencyCode, locale)}</div></div>`,
      ),
    );
    const total = input.lines.reduce((s, l) => s + l.price * l.quantity, 0);
    return `${rows.join("")}<div class="line"><div></div><div class="title">Total</div><div class="title">${money(total, input.shop.currencyCode, locale)}</div></div>`;
  }

  async function mintToken(contextId: string) {
    const ctx = contexts.get(contextId);
    if (!ctx || ctx.until < Date.now()) return null;
    const now = Math.floor(Date.now() / 1000);
    const token = await mintCheckoutSessionToken({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      shop: ctx.shop,
      customerId: ctx.customerId,
      ttlSeconds: ttl,
      now,
    });
    return { token, expiresAt: now + ttl };
  }

  return {
    prefix,
    async renderCheckoutPage(input, request) {
      const origin = originOf(request);
      const ctx = newContext(input.shop.domain, input.customerId);
      const lines = cartLines(input);
      const body = `<div class="cols"><main class="main">
 <h1 style="font-size:20px">Checkout</h1>
 ${input.notice ? `<div class="notice" role="alert">${esc(input.notice)}</div>` : ""}
 <p class="muted">Contact, delivery and payment are filled in by the stand-in.</p>
 <form id="pay" method="post" action="${esc(input.payAction)}">
  ${Object.entries(input.payFields ?? {})
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("")}
  <div id="journey-errors" role="alert"></div>
  <button class="pay" type="submit">Pay now</button>
 </form>
</main><aside class="summary" aria-label="Order summary">
 ${await summary(input, (i) => instance(CHECKOUT_EXTENSION, "purchase.checkout.cart-line-item.render-after", input, ctx, origin, { targetLineId: lines[i].id, buyerJourneyStep: "checkout", checkoutToken: input.checkoutToken }))}
</aside></div>`;
      return layout("Checkout", input.shop, body, input.locale ?? "en");
    },
    async renderOrderPage(input, request) {
      const origin = originOf(request);
      const ctx = newContext(input.shop.domain, input.customerId);
      const thankYou = input.page === "thank-you";
      const block = await instance(
        SURVEY_EXTENSION,
        thankYou ? "purchase.thank-you.block.render" : "customer-account.order-status.block.render",
        input,
        ctx,
        origin,
        thankYou
          ? {
              orderConfirmation: {
                order: { id: `gid://shopify/OrderIdentity/${input.order.id}` },
                number: input.order.name.replace(/^#/, ""),
                isFirstOrder: input.order.isFirstOrder,
              },
              buyerJourneyStep: "thank-you",
            }
          : {
              order: {
                id: `gid://shopify/Order/${input.order.id}`,
                name: input.order.name,
                processedAt: input.order.processedAt,
              },
            },
      );
      const body = `<div class="cols"><main class="main">
 <p class="muted">Confirmation ${esc(input.order.name)}</p>
 <h1 style="font-size:22px">${thankYou ? "Thank you!" : `Order ${esc(input.order.name)}`}</h1>
 <p>Your order is confirmed.</p>
 ${block}
</main><aside class="summary" aria-label="Order summary">${await summary(input, async () => "")}</aside></div>`;
      return layout(thankYou ? "Thank you" : "Order status", input.shop, body, input.locale ?? "en");
    },
    mintToken,
    async handle(request) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(`${prefix}/`)) return null;
      const rest = url.pathname.slice(prefix.length);
      const js = (code: string) =>
        new Response(code, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" } });
      if (rest === "/runtime.js" && request.method === "GET") return js(await runtimeJs());
      const ext = /^\/ext\/([a-z0-9-]+)\.js$/.exec(rest);
      if (ext && request.method === "GET") {
        const name = [CHECKOUT_EXTENSION, SURVEY_EXTENSION].find((n) => n === ext[1]);
        if (!name) return new Response("Not found", { status: 404 });
        return js((await extension(name)).code!);
      }
      if (rest === "/session-token" && request.method === "POST") {
        const body = (await request.json().catch(() => null)) as { contextId?: string } | null;
        const minted = body?.contextId ? await mintToken(body.contextId) : null;
        if (!minted) return Response.json({ error: "Unknown or expired page context." }, { status: 403 });
        return Response.json(minted, { headers: { "Cache-Control": "no-store" } });
      }
      return new Response("Not found", { status: 404 });
    },
  };
}

/** Adapts `handle` to node:http (req, res): returns false when the path is not the host's. */
export async function handleNode(
  host: ExtensionHost,
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse,
  origin: string,
): Promise<boolean> {
  if (!req.url?.startsWith(`${host.prefix}/`)) return false;
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const request = new Request(`${origin}${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
  const response = await host.handle(request);
  if (!response) return false;
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
  return true;
}
