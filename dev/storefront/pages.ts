import { randomBytes } from "node:crypto";
import type { Store, ProductRecord, OrderRecord } from "../store/index.ts";
import { isPublished, onlineStorePublication, StoreError } from "../store/index.ts";
import type { WebhookPlatform } from "../webhooks/platform.ts";
import { blockSettings, createEngine, formatMoney, productDrop, type ThemeExtension } from "./theme.ts";

/**
 * The stand-in's online store for one shop at `/store/{handle}/`: home (product list),
 * product pages with the theme app extension's block, a Dawn-like variant picker and a
 * Buy button that places a real order in the store (available → committed, webhooks), and
 * an order page with cancel / refund (restock) actions.
 */

export interface StorefrontDeps {
  store: Store;
  platform: WebhookPlatform;
  ext: ThemeExtension;
  /** public origin of the stand-in (for absolute URLs) */
  origin: () => string;
  appProxyPrefix: string; // "/apps/stockroom"
  /** the checkout / thank-you / order-status host (dev/extension-host), when available */
  extensionHost?: () => Promise<ExtensionHostLike | null>;
}

/** What the storefront needs from dev/extension-host (createExtensionHost). */
export interface ExtensionHostLike {
  renderCheckoutPage(input: Record<string, unknown>, request?: Request): Promise<string>;
  renderOrderPage(input: Record<string, unknown>, request?: Request): Promise<string>;
}

interface Checkout {
  token: string;
  shop: string;
  lines: { variantId: number; quantity: number }[];
  email: string;
  customerId?: string;
  orderId?: number;
  /** the cart this checkout was started from (emptied once the checkout is paid) */
  cartToken?: string;
  createdAt: number;
}

/** A buyer's cart in one shop, found by the `cart` cookie (as Shopify's online store does). */
interface Cart {
  token: string;
  shop: string;
  /** one line per variant; adding a variant again adds to its quantity */
  lines: { variantId: number; quantity: number }[];
  email?: string;
}

const CART_COOKIE = "cart";

function cookieValue(request: Request, name: string): string | undefined {
  const m = new RegExp(`(?:^|;\\s*)${name}=([^;]+)`).exec(request.headers.get("cookie") ?? "");
  return m?.[1];
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function moneyFormat(currency: string) {
  return currency === "USD" || currency === "CAD" ? "${{amount}}" : currency === "EUR" ? "€{{amount}}" : `{{amount}} ${currency}`;
}

export function layout(opts: { title: string; shopName: string; base: string; head?: string; body: string; locale?: string }) {
  return `<!doctype html>
<html lang="${esc(opts.locale ?? "en")}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} – ${esc(opts.shopName)}</title>
<style>
 body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#121212;background:#fff}
 header.site{display:flex;gap:24px;align-items:center;padding:16px 32px;border-bottom:1px solid #eee}
 header.site a{color:inherit;text-decoration:none} header.site .logo{font-weight:700;font-size:20px}
 main{max-width:1100px;margin:0 auto;padding:32px}
 .product{display:grid;grid-template-columns:1fr 1fr;gap:48px}
 .product__media img{width:100%;height:auto;aspect-ratio:1;background:#f4f4f4;border-radius:8px}
 .price{font-size:20px;margin:8px 0 16px} .price s{color:#777;margin-left:8px;font-size:16px}
 fieldset{border:0;padding:0;margin:0 0 16px} legend{font-size:14px;margin-bottom:6px}
 .swatch{display:inline-block;margin:0 6px 6px 0} .swatch input{position:absolute;opacity:0}
 .swatch label{display:inline-block;padding:8px 16px;border:1px solid #bbb;border-radius:40px;cursor:pointer}
 .swatch input:checked+label{background:#121212;color:#fff;border-color:#121212}
 .swatch input:focus-visible+label{outline:2px solid #2c6ecb;outline-offset:2px}
 .swatch input.disabled+label{text-decoration:line-through;color:#888}
 button.buy{width:100%;padding:14px;font-size:16px;border:0;border-radius:4px;background:#121212;color:#fff;cursor:pointer}
 button.buy[disabled]{background:#999;cursor:not-allowed}
 button.add-to-cart{width:100%;padding:13px;margin-bottom:8px;font-size:16px;border:1px solid #121212;border-radius:4px;background:#fff;color:#121212;cursor:pointer}
 button.add-to-cart[disabled]{color:#999;border-color:#999;cursor:not-allowed}
 .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:24px;list-style:none;padding:0}
 .grid a{color:inherit;text-decoration:none} .grid img{width:100%;aspect-ratio:1;border-radius:6px;background:#f4f4f4}
 table{border-collapse:collapse} td,th{padding:6px 12px;border-bottom:1px solid #eee;text-align:left}
 .note{background:#f6f6f7;padding:12px 16px;border-radius:6px}
 @media (max-width:750px){.product{grid-template-columns:1fr}}
</style>
${opts.head ?? ""}
</head><body>
<header class="site"><a class="logo" href="${opts.base}/">${esc(opts.shopName)}</a><a href="${opts.base}/collections/all">Catalog</a><span style="flex:1"></span><small>Shopify stand-in storefront</small></header>
<main id="MainContent">${opts.body}</main>
</body></html>`;
}

export class Storefront {
  private checkouts = new Map<string, Checkout>();
  /** carts by `${shop} ${cart token}` (one cookie token per browser, one cart per shop) */
  private carts = new Map<string, Cart>();
  constructor(private d: StorefrontDeps) {}

  base(handle: string) {
    return `/store/${handle}`;
  }

  productUrl(handle: string, p: ProductRecord) {
    return `${this.base(handle)}/products/${p.handle}`;
  }

  /** Shopify shows a product in the online store only while it is published to its publication. */
  onOnlineStore(shop: string, p: ProductRecord): boolean {
    const st = this.d.store.state(shop);
    return isPublished(st, p.id, onlineStorePublication(st).id);
  }

  findProduct(shop: string, productHandle: string): ProductRecord | undefined {
    const st = this.d.store.state(shop);
    for (const id of st.productOrder) {
      const p = st.products.get(id)!;
      if (p.handle === productHandle) return p;
    }
    return undefined;
  }

  home(handle: string, shop: string): Response {
    const store = this.d.store;
    const s = store.getShop(shop);
    const st = store.state(shop);
    const fmt = moneyFormat(s.currencyCode);
    const items = st.productOrder
      .map((id) => st.products.get(id)!)
      .filter((p) => p.status === "ACTIVE" && this.onOnlineStore(shop, p))
      .map((p) => {
        const pd = productDrop(store, shop, p, this.productUrl(handle, p));
        return `<li><a href="${esc(pd.url)}"><img src="${esc(pd.featured_image?.src ?? "")}" alt="" loading="lazy" width="200" height="200"><div>${esc(p.title)}</div><div>${esc(formatMoney(pd.price, fmt))}${pd.available ? "" : " · Sold out"}</div></a></li>`;
      })
      .join("");
    return html(layout({ title: "Catalog", shopName: s.name, base: this.base(handle), body: `<h1>Products</h1><ul class="grid">${items}</ul>` }));
  }

  /** GET /store/{handle}/products/{productHandle}.js — Shopify's product JSON endpoint */
  productJson(handle: string, shop: string, productHandle: string): Response {
    const p = this.findProduct(shop, productHandle);
    if (!p || !this.onOnlineStore(shop, p)) return new Response("Not found", { status: 404 });
    const pd = productDrop(this.d.store, shop, p, this.productUrl(handle, p));
    return new Response(JSON.stringify(pd), { headers: { "Content-Type": "application/json; charset=utf-8" } });
  }

  async product(handle: string, shop: string, productHandle: string, url: URL): Promise<Response> {
    const store = this.d.store;
    const p = this.findProduct(shop, productHandle);
    const s = store.getShop(shop);
    if (!p || p.status !== "ACTIVE" || !this.onOnlineStore(shop, p)) {
      return html(layout({ title: "Not found", shopName: s.name, base: this.base(handle), body: "<h1>404 – Page not found</h1>" }), 404);
    }
    const selectedId = Number(url.searchParams.get("variant")) || undefined;
    const productUrl = this.productUrl(handle, p);
    const product = productDrop(store, shop, p, productUrl, selectedId);
    const variant = product.selected_or_first_available_variant;
    const locale = url.searchParams.get("locale") ?? "en";
    const fmt = moneyFormat(s.currencyCode);
    const engine = createEngine(this.d.ext, { locale, moneyFormat: fmt });
    const ctx = {
      product,
      variant,
      shop: {
        name: s.name,
        permanent_domain: s.domain,
        domain: s.domain,
        url: `${this.d.origin()}${this.base(handle)}`,
        currency: s.currencyCode,
        money_format: fmt,
        locale,
      },
      request: { locale: { iso_code: locale, primary: locale === "en" }, path: url.pathname, host: url.host, page_type: "product", design_mode: false },
      routes: { root_url: `${this.base(handle)}/` },
      template: { name: "product" },
    };
    // app blocks from the theme app extension (picked up when present)
    const head: string[] = [];
    const blocks: string[] = [];
    for (const b of this.d.ext.productBlocks()) {
      if (b.schema.stylesheet) head.push(`<link rel="stylesheet" href="${esc(this.d.ext.assetUrl(b.schema.stylesheet))}">`);
      if (b.schema.javascript) head.push(`<script src="${esc(this.d.ext.assetUrl(b.schema.javascript))}" defer></script>`);
      const blockId = `AbCdEf${b.name}`;
      const out = await engine.parseAndRender(b.source, {
        ...ctx,
        block: { id: blockId, type: `shopify://apps/stockroom/blocks/${b.name}`, settings: blockSettings(b.schema), shopify_attributes: "" },
      });
      blocks.push(`<div id="shopify-block-${esc(blockId)}" class="shopify-app-block">${out}</div>`);
    }
    const optionsHtml = product.has_only_default_variant
      ? ""
      : product.options_with_values
          .map(
            (o) =>
              `<fieldset class="js product-form__input"><legend>${esc(o.name)}</legend>${o.values
                .map((v, i) => {
                  const id = `opt-${o.position}-${i}`;
                  const checked = variant.options[o.position - 1] === v ? " checked" : "";
                  return `<span class="swatch"><input type="radio" id="${id}" name="${esc(o.name)}" value="${esc(v)}" data-position="${o.position}"${checked}><label for="${id}">${esc(v)}</label></span>`;
                })
                .join("")}</fieldset>`,
          )
          .join("");
    const variantsJson = JSON.stringify(product.variants.map((v) => ({ id: v.id, options: v.options, available: v.available, price: v.price, compare_at_price: v.compare_at_price }))).replace(/</g, "\\u003c");
    const img = product.featured_image;
    const body = `
<section id="shopify-section-template--product__main" class="shopify-section">
<product-info class="product" data-product-id="${product.id}" data-url="${esc(productUrl)}">
  <div class="product__media">${img ? `<img src="${esc(img.src)}" alt="${esc(img.alt)}" width="600" height="600">` : ""}</div>
  <div class="product__info">
    <p class="vendor">${esc(product.vendor)}</p>
    <h1>${esc(product.title)}</h1>
    <div class="price" id="price"><span class="price__current">${esc(formatMoney(variant.price, fmt))}</span>${variant.compare_at_price && variant.compare_at_price > variant.price ? `<s>${esc(formatMoney(variant.compare_at_price, fmt))}</s>` : ""}</div>
    <variant-selects data-section="template--product__main">${optionsHtml}
      <script type="application/json" data-variants>${variantsJson}</script>
    </variant-selects>
    <form method="post" action="${this.base(handle)}/cart/add" class="product-form" id="product-form" data-type="add-to-cart-form">
      <input type="hidden" name="id" value="${variant.id}">
      <label>Quantity <input type="number" name="quantity" value="1" min="1" style="width:4em"></label>
      <label style="display:block;margin:8px 0">Email <input type="email" name="email" value="shopper@example.com"></label>
      <button type="submit" class="add-to-cart" name="add_to_cart" value="1"${variant.available ? "" : " disabled"}>${variant.available ? "Add to cart" : "Sold out"}</button>
      <button type="submit" class="buy" name="add"${variant.available ? "" : " disabled"}>${variant.available ? "Buy it now" : "Sold out"}</button>
    </form>
    ${blocks.join("\n")}
    <div class="description">${product.description}</div>
  </div>
</product-info>
</section>
<script>
(function(){
  var root = document.querySelector("variant-selects");
  if (!root) return;
  var variants = JSON.parse(root.querySelector("script[data-variants]").textContent);
  var form = document.getElementById("product-form");
  var fmt = ${JSON.stringify(fmt)};
  function money(c){ return fmt.replace(/{{\\s*amount\\s*}}/, (c/100).toFixed(2)); }
  root.addEventListener("change", function(){
    var chosen = [];
    root.querySelectorAll("fieldset").forEach(function(fs){ var c = fs.querySelector("input:checked"); chosen.push(c ? c.value : null); });
    var v = variants.find(function(x){ return x.options.every(function(o, i){ return o === chosen[i]; }); });
    var btn = form.querySelector("button.buy");
    var addBtn = form.querySelector("button.add-to-cart");
    if (!v) { btn.disabled = true; btn.textContent = "Unavailable"; addBtn.disabled = true; addBtn.textContent = "Unavailable"; return; }
    var url = new URL(location.href); url.searchParams.set("variant", v.id);
    window.history.replaceState({}, "", url.pathname + url.search);
    var input = form.querySelector("input[name=id]");
    input.value = v.id;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    btn.disabled = !v.available; btn.textContent = v.available ? "Buy it now" : "Sold out";
    addBtn.disabled = !v.available; addBtn.textContent = v.available ? "Add to cart" : "Sold out";
    document.querySelector("#price .price__current").textContent = money(v.price);
    document.dispatchEvent(new CustomEvent("variant:change", { detail: { variant: v } }));
  });
})();
</script>`;
    return html(layout({ title: product.title, shopName: s.name, base: this.base(handle), head: head.join("\n"), body, locale }));
  }

  /**
   * POST /store/{handle}/cart/add (Dawn's product form). With the "Add to cart" button
   * (`add_to_cart`) the line goes into the buyer's cart (cookie `cart`) and the buyer is sent to
   * the cart page; more units than are available may be added, as in Shopify (the checkout is
   * where stock is enforced). Otherwise ("Buy it now"): a checkout for this line alone, then
   * 303 to the checkout page (which runs the checkout UI extensions). Without the extension host
   * "Buy it now" places the order at once, as POST /checkout does.
   */
  async cartAdd(handle: string, shop: string, request: Request, customerId?: string): Promise<Response> {
    const submitted = await readForm(request.clone());
    if (submitted.add_to_cart !== undefined) return this.addToCart(handle, shop, request, submitted);
    const host = await this.d.extensionHost?.();
    if (!host || wantsJson(request)) return this.checkout(handle, shop, request);
    const form = await readForm(request);
    const variantId = Number(form.id);
    const quantity = Math.max(1, Number(form.quantity ?? 1) || 1);
    try {
      this.d.store.getVariant(shop, variantId);
    } catch {
      return html(layout({ title: "Cart", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: "<h1>That product is no longer available</h1>" }), 422);
    }
    const token = randomBytes(16).toString("hex");
    this.checkouts.set(token, { token, shop, lines: [{ variantId, quantity }], email: form.email || "shopper@example.com", customerId, createdAt: Date.now() });
    return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/checkouts/cn/${token}` } });
  }

  private cartOf(shop: string, request: Request): Cart | undefined {
    const token = cookieValue(request, CART_COOKIE);
    return token && /^[0-9a-f]{32}$/.test(token) ? this.carts.get(`${shop} ${token}`) : undefined;
  }

  private addToCart(handle: string, shop: string, request: Request, form: Record<string, string>): Response {
    const variantId = Number(form.id);
    const quantity = Math.max(1, Math.floor(Number(form.quantity ?? 1)) || 1);
    try {
      this.d.store.getVariant(shop, variantId);
    } catch {
      return html(layout({ title: "Cart", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: "<h1>That product is no longer available</h1>" }), 422);
    }
    let cart = this.cartOf(shop, request);
    let setCookie: string | undefined;
    if (!cart) {
      const cookieToken = cookieValue(request, CART_COOKIE);
      const token = cookieToken && /^[0-9a-f]{32}$/.test(cookieToken) ? cookieToken : randomBytes(16).toString("hex");
      cart = { token, shop, lines: [] };
      this.carts.set(`${shop} ${token}`, cart);
      if (token !== cookieToken) setCookie = `${CART_COOKIE}=${token}; Path=/; SameSite=Lax; HttpOnly`;
    }
    const line = cart.lines.find((l) => l.variantId === variantId);
    if (line) line.quantity += quantity;
    else cart.lines.push({ variantId, quantity });
    if (form.email) cart.email = form.email;
    const headers: Record<string, string> = { Location: `${this.base(handle)}/cart` };
    if (setCookie) headers["Set-Cookie"] = setCookie;
    return new Response(null, { status: 303, headers });
  }

  /** GET /store/{handle}/cart — the cart page: lines (title, variant, quantity, price), update, check out. */
  cartPage(handle: string, shop: string, request: Request): Response {
    const s = this.d.store.getShop(shop);
    const fmt = moneyFormat(s.currencyCode);
    const cart = this.cartOf(shop, request);
    const lines = cart ? this.hostLines(shop, cart.lines) : [];
    if (!lines.length) {
      return html(layout({ title: "Your cart", shopName: s.name, base: this.base(handle), body: `<h1>Your cart is empty</h1><p><a href="${this.base(handle)}/collections/all">Continue shopping</a></p>` }));
    }
    const cents = (n: number) => Math.round(n * 100);
    const rows = lines
      .map(
        (l, i) =>
          `<tr class="cart-item" data-variant="${l.variantId}"><td class="cart-item__title">${esc(l.title)}</td><td class="cart-item__variant">${esc(l.variantTitle ?? "")}</td><td class="cart-item__price">${esc(formatMoney(cents(l.price), fmt))}</td><td><input type="number" name="updates[]" value="${l.quantity}" min="0" style="width:4em" aria-label="Quantity for ${esc(l.title)}${l.variantTitle ? ` – ${esc(l.variantTitle)}` : ""}" id="Quantity-${i + 1}"></td><td class="cart-item__total">${esc(formatMoney(cents(l.price) * l.quantity, fmt))}</td></tr>`,
      )
      .join("");
    const total = lines.reduce((a, l) => a + cents(l.price) * l.quantity, 0);
    const body = `<h1>Your cart</h1>
<form action="${this.base(handle)}/cart" method="post" id="cart">
<table><thead><tr><th>Product</th><th>Variant</th><th>Price</th><th>Quantity</th><th>Total</th></tr></thead><tbody>${rows}</tbody></table>
<p class="totals">Estimated total <span class="totals__total-value">${esc(formatMoney(total, fmt))}</span></p>
<button type="submit" name="update">Update</button>
<button type="submit" class="buy" id="checkout" name="checkout" style="margin-top:12px">Check out</button>
</form>
<p><a href="${this.base(handle)}/collections/all">Continue shopping</a></p>`;
    return html(layout({ title: "Your cart", shopName: s.name, base: this.base(handle), body }));
  }

  /**
   * POST /store/{handle}/cart (Dawn's cart form): `updates[]` sets each line's quantity (0 removes
   * it); with the "Check out" button (`checkout`) a checkout is created with all lines and the
   * buyer is sent to it (303). Without the extension host the order is placed at once.
   */
  async cartUpdate(handle: string, shop: string, request: Request, customerId?: string): Promise<Response> {
    const params = new URLSearchParams(await request.text());
    const cart = this.cartOf(shop, request);
    const back = new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/cart` } });
    if (!cart) return back;
    const updates = params.getAll("updates[]");
    if (updates.length) {
      cart.lines = cart.lines
        .map((l, i) => (i < updates.length ? { ...l, quantity: Math.max(0, Math.floor(Number(updates[i])) || 0) } : l))
        .filter((l) => l.quantity > 0);
    }
    if (!params.has("checkout") || !cart.lines.length) return back;
    const lines = cart.lines.map((l) => ({ ...l }));
    const email = cart.email || "shopper@example.com";
    const host = await this.d.extensionHost?.();
    if (!host) {
      try {
        const order = this.placeOrder(shop, lines, email, "web");
        cart.lines = [];
        return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/orders/${order.id}` } });
      } catch (e) {
        const msg = e instanceof StoreError && e.code === "INSUFFICIENT_STOCK" ? "Not enough stock for an item in your cart. Please change the quantity." : (e as Error).message;
        return html(layout({ title: "Checkout", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: `<h1>Checkout failed</h1><p class="note" role="alert">${esc(msg)}</p><p><a href="${this.base(handle)}/cart">Back to cart</a></p>` }), 422);
      }
    }
    const token = randomBytes(16).toString("hex");
    this.checkouts.set(token, { token, shop, lines, email, customerId, cartToken: cart.token, createdAt: Date.now() });
    return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/checkouts/cn/${token}` } });
  }

  private hostShop(handle: string, shop: string) {
    const s = this.d.store.getShop(shop);
    return { domain: s.domain, name: s.name, storefrontUrl: `${this.d.origin()}${this.base(handle)}`, currencyCode: s.currencyCode, id: s.id };
  }

  private hostLines(shop: string, lines: { variantId: number; quantity: number; price?: string }[]) {
    const store = this.d.store;
    return lines.map((l, i) => {
      const v = store.getVariant(shop, l.variantId);
      const p = store.getProduct(shop, v.productId);
      return {
        id: i + 1,
        variantId: v.id,
        productId: p.id,
        title: p.title,
        variantTitle: v.title === "Default Title" ? undefined : v.title,
        quantity: l.quantity,
        price: Number(l.price ?? v.price),
        sku: v.sku ?? undefined,
        vendor: p.vendor,
        productType: p.productType,
        imageUrl: p.images[0]?.url,
      };
    });
  }

  /** GET /store/{handle}/checkouts/cn/{token} */
  async checkoutPage(handle: string, shop: string, token: string, request: Request, notice?: string, status = 200): Promise<Response> {
    const host = await this.d.extensionHost?.();
    const c = this.checkouts.get(token);
    if (!host || !c || c.shop !== shop) return html(layout({ title: "Checkout", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: "<h1>This checkout has expired</h1>" }), 404);
    if (c.orderId) return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/thank-you/${c.orderId}` } });
    const page = await host.renderCheckoutPage(
      {
        shop: this.hostShop(handle, shop),
        checkoutToken: token,
        lines: this.hostLines(shop, c.lines),
        payAction: `${this.base(handle)}/checkouts/cn/${token}/pay`,
        locale: new URL(request.url).searchParams.get("locale") ?? "en",
        customerId: c.customerId,
        notice,
      },
      request,
    );
    return html(page, status);
  }

  /** POST /store/{handle}/checkouts/cn/{token}/pay — the order is placed (available → committed). */
  async pay(handle: string, shop: string, token: string, request: Request): Promise<Response> {
    const c = this.checkouts.get(token);
    if (!c || c.shop !== shop) return html(layout({ title: "Checkout", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: "<h1>This checkout has expired</h1>" }), 404);
    if (!c.orderId) {
      try {
        c.orderId = this.placeOrder(shop, c.lines, c.email, "web", token).id;
        // Shopify empties the cart the checkout came from once it is paid
        if (c.cartToken) this.carts.delete(`${shop} ${c.cartToken}`);
      } catch (e) {
        const msg = e instanceof StoreError && e.code === "INSUFFICIENT_STOCK" ? "Not enough stock for an item in your cart. Please change the quantity." : (e as Error).message;
        return this.checkoutPage(handle, shop, token, request, msg, 409);
      }
    }
    return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/thank-you/${c.orderId}` } });
  }

  /** GET /store/{handle}/thank-you/{orderId} and /orders/{orderId} (order status): the survey extension's pages. */
  async orderPage(handle: string, shop: string, orderId: number, page: "thank-you" | "order-status", request: Request): Promise<Response> {
    const host = await this.d.extensionHost?.();
    if (!host) return this.order(handle, shop, orderId);
    let o: OrderRecord;
    try {
      o = this.d.store.getOrder(shop, orderId);
    } catch {
      return html(layout({ title: "Not found", shopName: this.d.store.getShop(shop).name, base: this.base(handle), body: "<h1>Order not found</h1>" }), 404);
    }
    const st = this.d.store.state(shop);
    const earlier = st.orderOrder.some((id) => id < o.id && (st.orders.get(id)!.email ?? "") === (o.email ?? "") && o.email);
    const buyer = this.d.platform.buyers.forOrder(shop, o);
    const checkout = [...this.checkouts.values()].find((c) => c.orderId === o.id);
    const out = await host.renderOrderPage(
      {
        shop: this.hostShop(handle, shop),
        lines: this.hostLines(shop, o.lineItems.filter((li) => li.variantId != null).map((li) => ({ variantId: li.variantId!, quantity: li.quantity, price: li.price }))),
        order: { id: o.id, name: o.name, isFirstOrder: !earlier, processedAt: new Date(o.processedAt).toISOString() },
        page,
        locale: new URL(request.url).searchParams.get("locale") ?? "en",
        customerId: checkout?.customerId ?? (page === "order-status" ? buyer.customerId : undefined),
      },
      request,
    );
    // the stand-in's merchant view of the order (cancel / refund) is one click away
    const staff = `<p style="max-width:1100px;margin:16px auto;padding:0 32px;font:14px system-ui"><a href="${this.base(handle)}/admin/orders/${o.id}" data-standin-admin-order>Open this order in the stand-in's admin (cancel / refund)</a> · <a href="${this.base(handle)}/">Continue shopping</a></p>`;
    return html(out.includes("</body>") ? out.replace("</body>", `${staff}</body>`) : out + staff);
  }

  /** POST /store/{handle}/checkout — places a paid order at once (tests, benchmarks; JSON or form). */
  async checkout(handle: string, shop: string, request: Request): Promise<Response> {
    const form = await readForm(request);
    const variantId = Number(form.id);
    const quantity = Math.max(1, Number(form.quantity ?? 1) || 1);
    const email = form.email || "shopper@example.com";
    const s = this.d.store.getShop(shop);
    try {
      const order = this.placeOrder(shop, [{ variantId, quantity }], email, "web");
      if (wantsJson(request)) return json({ order: { id: order.id, name: order.name } }, 201);
      return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/orders/${order.id}` } });
    } catch (e) {
      const msg = e instanceof StoreError && e.code === "INSUFFICIENT_STOCK" ? "Sorry, this item is sold out or there is not enough stock." : (e as Error).message;
      if (wantsJson(request)) return json({ error: msg, code: (e as StoreError).code ?? "ERROR" }, 422);
      return html(layout({ title: "Checkout", shopName: s.name, base: this.base(handle), body: `<h1>Checkout failed</h1><p class="note" role="alert">${esc(msg)}</p><p><a href="javascript:history.back()">Back</a></p>` }), 422);
    }
  }

  placeOrder(shop: string, lineItems: { variantId: number; quantity: number }[], email: string, sourceName = "web", checkoutToken: string | null = null): OrderRecord {
    // the buyer is known before the order events fire, so orders/create carries the customer
    const buyer = this.d.platform.buyers.forEmail(shop, email);
    const order = this.d.store.placeOrder(shop, { lineItems, email: buyer.email, sourceName, checkoutToken });
    this.d.platform.buyers.attach(shop, order.id, buyer);
    return order;
  }

  order(handle: string, shop: string, orderId: number): Response {
    const s = this.d.store.getShop(shop);
    let o: OrderRecord;
    try {
      o = this.d.store.getOrder(shop, orderId);
    } catch {
      return html(layout({ title: "Not found", shopName: s.name, base: this.base(handle), body: "<h1>Order not found</h1>" }), 404);
    }
    const fmt = moneyFormat(s.currencyCode);
    const rows = o.lineItems
      .map(
        (li) =>
          `<tr><td>${esc(li.title)}${li.variantTitle ? ` – ${esc(li.variantTitle)}` : ""}</td><td>${esc(li.sku ?? "")}</td><td>${li.quantity}</td><td>${li.refundedQuantity}</td><td>${esc(formatMoney(Math.round(Number(li.price) * 100), fmt))}</td>
          <td>${!o.cancelledAt && li.quantity - li.refundedQuantity > 0 ? `<form method="post" action="${this.base(handle)}/admin/orders/${o.id}/refund" style="display:inline"><input type="hidden" name="line_item_id" value="${li.id}"><input type="number" name="quantity" value="1" min="1" max="${li.quantity - li.refundedQuantity}" style="width:3.5em" aria-label="Units to refund"><label><input type="checkbox" name="restock" value="1" checked> restock</label> <button type="submit">Refund</button></form>` : ""}</td></tr>`,
      )
      .join("");
    const body = `<h1>Order ${esc(o.name)}</h1>
<p class="note" data-order-id="${o.id}" data-status="${o.cancelledAt ? "cancelled" : "open"}">${o.cancelledAt ? "This order was cancelled." : "Your order is confirmed."} Financial status: ${esc(o.financialStatus.toLowerCase())}.</p>
<table><thead><tr><th>Item</th><th>SKU</th><th>Qty</th><th>Refunded</th><th>Price</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<p>Total ${esc(formatMoney(Math.round(Number(o.totalPrice) * 100), fmt))}</p>
${o.cancelledAt ? "" : `<form method="post" action="${this.base(handle)}/admin/orders/${o.id}/cancel"><label><input type="checkbox" name="restock" value="1" checked> restock items</label> <button type="submit">Cancel order</button></form>`}
<p><a href="${this.base(handle)}/">Continue shopping</a></p>`;
    return html(layout({ title: `Order ${o.name}`, shopName: s.name, base: this.base(handle), body }));
  }

  async cancel(handle: string, shop: string, orderId: number, request: Request): Promise<Response> {
    const form = await readForm(request);
    const restock = form.restock === "1" || form.restock === "true";
    try {
      this.d.store.cancelOrder(shop, orderId, { restock, reason: form.reason || "CUSTOMER" });
    } catch (e) {
      return json({ error: (e as Error).message, code: (e as StoreError).code ?? "ERROR" }, 422);
    }
    if (wantsJson(request)) return json({ ok: true });
    return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/admin/orders/${orderId}` } });
  }

  async refund(handle: string, shop: string, orderId: number, request: Request): Promise<Response> {
    const form = await readForm(request);
    const restock = form.restock === "1" || form.restock === "true";
    try {
      const o = this.d.store.getOrder(shop, orderId);
      const lineItemId = Number(form.line_item_id) || o.lineItems[0].id;
      this.d.store.refundOrder(shop, orderId, { lineItems: [{ lineItemId, quantity: Math.max(1, Number(form.quantity) || 1) }], restock, note: form.note || null });
    } catch (e) {
      return json({ error: (e as Error).message, code: (e as StoreError).code ?? "ERROR" }, 422);
    }
    if (wantsJson(request)) return json({ ok: true });
    return new Response(null, { status: 303, headers: { Location: `${this.base(handle)}/admin/orders/${orderId}` } });
  }
}

export async function readForm(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (type.includes("application/json")) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(text)).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function wantsJson(r: Request) {
  return (r.headers.get("accept") ?? "").includes("application/json") || (r.headers.get("content-type") ?? "").includes("application/json");
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
}
