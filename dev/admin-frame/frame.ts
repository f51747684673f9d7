import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { adminQueryHmac } from "../oauth/oauth.ts";
import { mintAdminSessionToken } from "../oauth/session-token.ts";

/**
 * The stand-in's Shopify admin: `/store/{handle}/admin/apps/{appHandle}[/*]` serves a page that
 * frames the app the way Shopify admin does — `{appUrl}{path}?embedded=1&hmac&host&id_token&locale
 * &session&shop&timestamp` — answers the App Bridge stand-in's session-token requests over
 * postMessage, mirrors the app's path in its own URL and shows the app's nav links and toasts.
 */

export const APP_BRIDGE_JS = readFileSync(fileURLToPath(new URL("./app-bridge.js", import.meta.url)), "utf8");

export interface FrameOptions {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  appHandle: string;
  appName?: string;
}

/** admin path suffix → app path: "" → /app, "app/x" → /app/x, "x" → /app/x */
export function appPathFor(rest: string): string {
  const clean = rest.replace(/^\/+/, "");
  if (!clean) return "/app";
  if (clean === "app" || clean.startsWith("app/")) return `/${clean}`;
  return `/app/${clean}`;
}

export function hostParam(handle: string): string {
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url");
}

/** The URL Shopify admin puts in the app iframe. */
export async function embeddedAppUrl(opts: FrameOptions, handle: string, rest: string, extra: URLSearchParams = new URLSearchParams()) {
  const shop = `${handle}.myshopify.com`;
  const idToken = await mintAdminSessionToken({ apiKey: opts.apiKey, apiSecret: opts.apiSecret, shop });
  const params: Record<string, string> = {};
  for (const [k, v] of extra) params[k] = v;
  Object.assign(params, {
    embedded: "1",
    host: hostParam(handle),
    id_token: idToken,
    locale: "en",
    session: Buffer.from(`${shop}:${Date.now()}`).toString("hex").slice(0, 64),
    shop,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  const hmac = adminQueryHmac(params, opts.apiSecret);
  const url = new URL(`${opts.appUrl.replace(/\/$/, "")}${appPathFor(rest)}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set("hmac", hmac);
  return url.toString();
}

export async function renderAdminFrame(opts: FrameOptions, handle: string, rest: string, search: URLSearchParams): Promise<Response> {
  const src = await embeddedAppUrl(opts, handle, rest, search);
  const appOrigin = new URL(opts.appUrl).origin;
  const base = `/store/${handle}/admin/apps/${opts.appHandle}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(opts.appName ?? "App")} · ${esc(handle)} · Shopify admin (stand-in)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 html,body{margin:0;height:100%;font:14px system-ui,sans-serif;background:#f1f1f1}
 header{height:48px;display:flex;align-items:center;gap:16px;padding:0 16px;background:#1a1a1a;color:#fff}
 header b{font-weight:600} header small{opacity:.7}
 .wrap{display:flex;height:calc(100% - 48px)}
 nav{width:220px;padding:12px;box-sizing:border-box;background:#ebebeb;border-right:1px solid #ddd}
 nav a{display:block;padding:6px 8px;border-radius:6px;color:#303030;text-decoration:none}
 nav a:hover{background:#e0e0e0}
 iframe{flex:1;border:0;background:#fff;height:100%}
 #toasts{position:fixed;bottom:16px;right:16px;display:flex;flex-direction:column;gap:8px}
 #toasts div{background:#303030;color:#fff;padding:10px 16px;border-radius:8px}
</style></head>
<body>
<header><b>Shopify admin</b><small>stand-in · ${esc(handle)}.myshopify.com</small><span style="flex:1"></span><a style="color:#fff" href="/store/${esc(handle)}/">Online store</a></header>
<div class="wrap">
 <nav aria-label="App navigation"><a href="${base}" data-href="/app">${esc(opts.appName ?? "App")}</a><div id="appnav"></div></nav>
 <iframe id="app-iframe" name="app-iframe" title="${esc(opts.appName ?? "App")}" src="${esc(src)}"></iframe>
</div>
<div id="toasts" aria-live="polite"></div>
<script>
(function(){
  var frame = document.getElementById("app-iframe");
  var appOrigin = ${JSON.stringify(appOrigin)};
  var base = ${JSON.stringify(base)};
  var handle = ${JSON.stringify(handle)};
  window.addEventListener("message", function(ev){
    if (ev.origin !== appOrigin || ev.source !== frame.contentWindow) return;
    var d = ev.data || {};
    if (d.type === "standin:idToken") {
      fetch("/_control/session-token?shop=" + encodeURIComponent(handle + ".myshopify.com"))
        .then(function(r){ return r.json(); })
        .then(function(j){ frame.contentWindow.postMessage({ type: "standin:idToken:result", id: d.id, token: j.token }, appOrigin); })
        .catch(function(e){ frame.contentWindow.postMessage({ type: "standin:idToken:result", id: d.id, error: String(e) }, appOrigin); });
    } else if (d.type === "standin:location" && typeof d.path === "string") {
      var u = new URL(d.path, appOrigin);
      var p = u.pathname.replace(/^\\/app\\/?/, "");
      var keep = new URLSearchParams();
      u.searchParams.forEach(function(v, k){ if (["embedded","hmac","host","id_token","locale","session","shop","timestamp"].indexOf(k) < 0) keep.set(k, v); });
      var q = keep.toString();
      history.replaceState(null, "", base + (p ? "/" + p : "") + (q ? "?" + q : ""));
    } else if (d.type === "standin:nav" && Array.isArray(d.links)) {
      var nav = document.getElementById("appnav"); nav.textContent = "";
      d.links.forEach(function(l){
        if (l.rel === "home") return;
        var a = document.createElement("a"); a.textContent = l.label; a.href = base + "/" + String(l.href).replace(/^\\/app\\/?/, "");
        a.addEventListener("click", function(e){ e.preventDefault(); frame.contentWindow.postMessage({ type: "standin:navigate", href: l.href }, appOrigin); });
        nav.appendChild(a);
      });
    } else if (d.type === "standin:redirect" && typeof d.url === "string" && /^https?:/.test(d.url)) {
      location.assign(d.url);
    } else if (d.type === "standin:toast") {
      var t = document.createElement("div"); t.textContent = d.message; document.getElementById("toasts").appendChild(t);
      setTimeout(function(){ t.remove(); }, 5000);
    }
  });
})();
</script>
</body></html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
