// The pages behind the links in back-in-stock mail (served by the app itself, not the proxy).
// Mail link scanners (Outlook Safe Links, Gmail's proxy) fetch every GET, so no GET changes
// anything; each GET shows a page with one button that POSTs (the signed token goes along and
// is verified again):
//  - /restock/confirm?t=… — double opt-in: GET asks, POST confirms;
//  - /restock/unsubscribe?t=… — GET asks, POST unsubscribes; POST is also RFC 8058 one-click
//    unsubscribe (the List-Unsubscribe-Post header makes mail clients send it without a page).
// Pages carry the shop's name and link and speak the subscriber's locale (en/fr/de).
// Tokens are signed (tokens.server.ts); a bad or expired token gets a 400 page, nothing changes.
import prisma from "../db.server";
import { storefrontUrl, variantInfo } from "./catalog.server";
import { LINK_PAGE_COPY, type LinkPageCopy } from "./link-page-copy";
import { mailLocale, type MailLocale } from "./messages";
import { confirmSubscription, unsubscribe } from "./subscribe.server";
import { verifyToken, type TokenKind } from "./tokens.server";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface PageContext {
  locale: MailLocale;
  copy: LinkPageCopy;
  /** The shop's name and storefront, when the token named a subscription we still have. */
  shop: { name: string; url: string } | null;
  /** What the subscription is for (product title). */
  item: string;
  status: string | null;
}

/** Locale, shop and item of the subscription a token names; the browser's language otherwise. */
async function contextOf(request: Request, subscriptionId: string | null): Promise<PageContext> {
  const sub = subscriptionId ? await prisma.restockSubscription.findUnique({ where: { id: subscriptionId } }) : null;
  const locale = mailLocale(sub?.locale ?? request.headers.get("Accept-Language")?.split(/[,;]/)[0]);
  const copy = LINK_PAGE_COPY[locale];
  if (!sub) return { locale, copy, shop: null, item: "", status: null };
  const shopRow = await prisma.shop.findUnique({ where: { domain: sub.shop }, select: { name: true } });
  const info = await variantInfo(sub.shop, sub.variantId);
  const name = shopRow?.name || sub.shop.replace(/\.myshopify\.com$/, "");
  return { locale, copy, shop: { name, url: storefrontUrl(sub.shop, "/") }, item: info?.productTitle ?? copy.thisItem, status: sub.status };
}

function page(status: number, ctx: PageContext, title: string, body: string): Response {
  const shop = ctx.shop;
  const heading = shop ? `<header><p class="shop">${esc(shop.name)}</p></header>` : "";
  const back = shop ? `<p><a href="${esc(shop.url)}">${esc(ctx.copy.backToShop(shop.name))}</a></p>` : "";
  const fullTitle = shop ? `${title} · ${shop.name}` : title;
  return new Response(
    `<!doctype html><html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(fullTitle)}</title>
<style>body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}.shop{font-weight:600;font-size:1.1rem;margin:0 0 1.5rem}h1{font-size:1.5rem}a{color:#005bd3}button{font:inherit;min-height:44px;padding:.5rem 1.25rem;border:0;border-radius:.4rem;background:#1a1a1a;color:#fff;cursor:pointer}button:focus-visible,a:focus-visible{outline:3px solid #005bd3;outline-offset:2px}</style></head>
<body>${heading}<main><h1>${esc(title)}</h1>${body}${back}</main></body></html>`,
    {
      status,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      },
    },
  );
}

/** A form that POSTs back to the same URL (token in the query) with the token in the body too. */
const buttonForm = (token: string, label: string) =>
  `<form method="post"><input type="hidden" name="t" value="${esc(token)}"><button type="submit">${esc(label)}</button></form>`;

/** The token of a POST: from the link's query (RFC 8058 clients post to the URL as it is) or the form. */
async function postedToken(request: Request): Promise<string | null> {
  const fromUrl = new URL(request.url).searchParams.get("t");
  if (fromUrl) return fromUrl;
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return null;
  return new URLSearchParams((await request.text()).slice(0, 4096)).get("t");
}

const queryToken = (request: Request) => new URL(request.url).searchParams.get("t");

async function invalid(request: Request, kind: TokenKind): Promise<Response> {
  const ctx = await contextOf(request, null);
  return page(400, ctx, ctx.copy.invalidTitle, `<p>${esc(kind === "confirm" ? ctx.copy.invalidConfirm : ctx.copy.invalidUnsubscribe)}</p>`);
}

export async function unsubscribeLoader(request: Request): Promise<Response> {
  const t = queryToken(request);
  const id = verifyToken("unsubscribe", t);
  if (!id) return invalid(request, "unsubscribe");
  const ctx = await contextOf(request, id);
  if (ctx.status === "unsubscribed") return page(200, ctx, ctx.copy.unsubscribedTitle, `<p>${esc(ctx.copy.unsubscribedBody(ctx.shop!.name))}</p>`);
  const shopName = ctx.shop?.name ?? "";
  return page(200, ctx, ctx.copy.unsubscribeTitle, `<p>${esc(ctx.copy.unsubscribeIntro(shopName))}</p>${buttonForm(t!, ctx.copy.unsubscribeButton)}`);
}

export async function unsubscribeAction(request: Request): Promise<Response> {
  const id = verifyToken("unsubscribe", await postedToken(request));
  if (!id || !(await unsubscribe(id))) return invalid(request, "unsubscribe");
  const ctx = await contextOf(request, id);
  return page(200, ctx, ctx.copy.unsubscribedTitle, `<p>${esc(ctx.copy.unsubscribedBody(ctx.shop?.name ?? ""))}</p>`);
}

/** GET of the confirmation link: asks, never confirms (a prefetching scanner confirms nobody). */
export async function confirmLoader(request: Request): Promise<Response> {
  const t = queryToken(request);
  const id = verifyToken("confirm", t);
  if (!id) return invalid(request, "confirm");
  const ctx = await contextOf(request, id);
  if (ctx.status === "active" || ctx.status === "notified") return page(200, ctx, ctx.copy.confirmedTitle, `<p>${esc(ctx.copy.confirmedBody(ctx.item))}</p>`);
  if (ctx.status !== "pending") return invalid(request, "confirm");
  return page(200, ctx, ctx.copy.confirmTitle, `<p>${esc(ctx.copy.confirmIntro(ctx.item))}</p>${buttonForm(t!, ctx.copy.confirmButton)}`);
}

/** POST from the confirmation page's button: the token is verified again, then the alert is confirmed. */
export async function confirmAction(request: Request): Promise<Response> {
  const id = verifyToken("confirm", await postedToken(request));
  if (!id || !(await confirmSubscription(id))) return invalid(request, "confirm");
  const ctx = await contextOf(request, id);
  return page(200, ctx, ctx.copy.confirmedTitle, `<p>${esc(ctx.copy.confirmedBody(ctx.item))}</p>`);
}
