/*
 * Stockroom stand-in for Shopify's App Bridge CDN script (https://cdn.shopify.com/shopifycloud/app-bridge.js).
 * Loaded by the embedded app instead of the CDN when SHOPIFY_STANDIN_URL is set. Small on purpose:
 * - global `shopify` with config, origin, ready, environment, idToken(), user(), toast.show/hide,
 *   loading(), scopes.query(), saveBar.show/hide/toggle;
 * - the fetch wrapper App Bridge v4 installs: same-origin requests get `Authorization: Bearer <idToken>`;
 * - the session-token "bounce" page (`?shopify-reload=…`): fetch a token, go to the reload URL;
 * - `shopify:navigate` events for admin nav links; URL sync to the stand-in's admin frame.
 * Session tokens come from the parent admin frame (postMessage), or from the stand-in directly
 * when the page is not framed.
 */
(function () {
  "use strict";
  if (window.shopify && window.shopify.__standin) return;
  var script = document.currentScript;
  var standinOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var params = new URLSearchParams(location.search);
  var store = window.sessionStorage;
  function remember(key) {
    var v = params.get(key);
    try {
      if (v) store.setItem("standin:" + key, v);
      else v = store.getItem("standin:" + key);
    } catch (e) {}
    return v;
  }
  var apiKey =
    (script && script.getAttribute("data-api-key")) ||
    (document.querySelector('meta[name="shopify-api-key"]') || {}).content ||
    "";
  var shop = remember("shop");
  var host = remember("host");
  var locale = params.get("locale") || "en";
  var framed = window.parent !== window;

  var pending = {};
  var nextId = 1;
  window.addEventListener("message", function (ev) {
    var d = ev.data;
    if (!d || typeof d !== "object") return;
    if (d.type === "standin:idToken:result" && pending[d.id]) {
      var p = pending[d.id];
      delete pending[d.id];
      if (d.error) p.reject(new Error(d.error));
      else p.resolve(d.token);
    }
    if (d.type === "standin:navigate" && typeof d.href === "string") navigate(d.href);
  });

  function askParent() {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ type: "standin:idToken", id: id, shop: shop }, standinOrigin);
      setTimeout(function () {
        if (pending[id]) {
          delete pending[id];
          reject(new Error("App Bridge stand-in: no session token from the admin frame"));
        }
      }, 5000);
    });
  }
  function askStandin() {
    var u = standinOrigin + "/_control/session-token?shop=" + encodeURIComponent(shop || "");
    return origFetch(u, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("App Bridge stand-in: session token request failed (" + r.status + ")");
      return r.json().then(function (j) {
        return j.token;
      });
    });
  }
  var cached = null;
  function decodeExp(token) {
    try {
      var part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part)).exp * 1000;
    } catch (e) {
      return 0;
    }
  }
  function idToken() {
    if (cached && cached.exp - Date.now() > 10000) return Promise.resolve(cached.token);
    return (framed ? askParent() : askStandin()).then(function (token) {
      cached = { token: token, exp: decodeExp(token) };
      return token;
    });
  }

  var origFetch = window.fetch.bind(window);
  function withToken(req) {
    return idToken().then(function (token) {
      var headers = new Headers(req.headers);
      headers.set("Authorization", "Bearer " + token);
      return origFetch(new Request(req, { headers: headers }));
    });
  }
  window.fetch = function (input, init) {
    var req = new Request(input, init);
    var url = new URL(req.url, location.href);
    if (url.origin !== location.origin || req.headers.has("Authorization")) return origFetch(req);
    var retry = req.clone();
    return withToken(req).then(function (res) {
      // as App Bridge does: the library asks for one retry with a fresh token, or a re-authorization
      var reauth = res.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
      if (reauth) {
        if (framed) window.parent.postMessage({ type: "standin:redirect", url: reauth }, standinOrigin);
        else location.assign(reauth);
        return res;
      }
      if (res.status === 401 && res.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
        cached = null;
        return withToken(retry);
      }
      return res;
    });
  };

  function toastHost() {
    var el = document.getElementById("standin-toasts");
    if (!el) {
      el = document.createElement("div");
      el.id = "standin-toasts";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      el.style.cssText = "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);z-index:2147483647;display:flex;flex-direction:column;gap:8px;font:14px system-ui,sans-serif";
      document.body.appendChild(el);
    }
    return el;
  }
  var toastSeq = 0;
  var toast = {
    show: function (message, opts) {
      opts = opts || {};
      var id = "toast-" + ++toastSeq;
      var el = document.createElement("div");
      el.id = id;
      el.className = "standin-toast" + (opts.isError ? " standin-toast--error" : "");
      el.textContent = message;
      el.style.cssText = "padding:10px 16px;border-radius:8px;color:#fff;background:" + (opts.isError ? "#8e1f0b" : "#303030");
      // Framed: the admin shows the toast (as Shopify admin does); otherwise show it here.
      if (framed) window.parent.postMessage({ type: "standin:toast", message: String(message), isError: !!opts.isError }, standinOrigin);
      else toastHost().appendChild(el);
      setTimeout(function () {
        el.remove();
        if (opts.onDismiss) opts.onDismiss();
      }, opts.duration || 5000);
      return id;
    },
    hide: function (id) {
      var el = document.getElementById(id);
      if (el) el.remove();
    },
  };

  function navigate(href) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.style.display = "none";
    document.body.appendChild(a);
    a.dispatchEvent(new Event("shopify:navigate", { bubbles: true }));
    a.remove();
  }

  var readyResolve;
  var ready = new Promise(function (r) {
    readyResolve = r;
  });
  var scopesCache = null;
  window.shopify = {
    __standin: true,
    config: { apiKey: apiKey, shop: shop, host: host, locale: locale },
    origin: standinOrigin,
    ready: ready,
    environment: { embedded: framed, mobile: false, pos: false },
    idToken: idToken,
    user: function () {
      return Promise.resolve({ accountAccess: "Account owner" });
    },
    toast: toast,
    loading: function (on) {
      document.documentElement.toggleAttribute("data-standin-loading", on !== false);
    },
    scopes: {
      query: function () {
        if (scopesCache) return Promise.resolve(scopesCache);
        return origFetch(standinOrigin + "/_control/app-scopes?shop=" + encodeURIComponent(shop || "")).then(function (r) {
          return r.json().then(function (j) {
            scopesCache = { granted: j.granted || [], required: j.required || [], optional: [] };
            return scopesCache;
          });
        });
      },
    },
    saveBar: {
      show: function () { return Promise.resolve(); },
      hide: function () { return Promise.resolve(); },
      toggle: function () { return Promise.resolve(); },
      leaveConfirmation: function () { return Promise.resolve(); },
    },
    setSignals: function () {},
  };

  // Session-token bounce page rendered by @shopify/shopify-app-remix: fetch a token and reload.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var target = new URL(reload, location.href);
      if (target.origin !== location.origin) return;
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
  }

  // Tell the admin frame where the app is (it mirrors the path in its own URL, as Shopify admin does).
  function report() {
    if (framed) window.parent.postMessage({ type: "standin:location", path: location.pathname + location.search }, standinOrigin);
  }
  var push = history.pushState;
  history.pushState = function () {
    push.apply(history, arguments);
    report();
  };
  var replace = history.replaceState;
  history.replaceState = function () {
    replace.apply(history, arguments);
    report();
  };
  window.addEventListener("popstate", report);

  function init() {
    var st = document.createElement("style");
    st.textContent = "ui-nav-menu,s-app-nav,ui-title-bar{display:none}";
    document.head.appendChild(st);
    // <ui-nav-menu> links become the admin frame's navigation
    var menu = document.querySelector("ui-nav-menu, s-app-nav");
    if (menu && framed) {
      var links = Array.prototype.map.call(menu.querySelectorAll("a"), function (a) {
        return { href: a.getAttribute("href"), label: a.textContent.trim(), rel: a.getAttribute("rel") };
      });
      window.parent.postMessage({ type: "standin:nav", links: links }, standinOrigin);
    }
    report();
    readyResolve();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
