// Requests the web server answers itself, before Remix, because Remix (or its Express adapter)
// would answer them with a bare 500 although the client is at fault:
// - a method Remix does not serve: TRACE makes the adapter's `new Request()` throw; PROPFIND and the
//   like get a 405 without `Allow`. Here: 405 with `Allow` (what the matched route serves).
// - a resource route asked for a method it has no handler for (GET /webhooks): Remix answers 400
//   or 405 without `Allow`. Here: 405 with `Allow`.
// - Remix's CSRF guard: a form post to a page (or a `.data` action) whose `Origin` is not the
//   `X-Forwarded-Host`/`Host` throws inside Remix, which answers 500. Here the same check, made
//   exactly where Remix makes it, answers 403 (a foreign origin) or 400 (an `Origin` that is not a URL).
// Everything else goes to Remix unchanged. Used by server/serve.mjs.
import { matchRoutes } from "@remix-run/react";

const MUTATIONS = ["POST", "PUT", "PATCH", "DELETE"];
/** The methods Remix's router serves at all (HEAD as GET; OPTIONS on resource routes' loaders). */
export const SERVED_METHODS = ["GET", "HEAD", "OPTIONS", ...MUTATIONS];

/**
 * @typedef {{ id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: { default?: unknown; ErrorBoundary?: unknown; loader?: unknown; action?: unknown } }} BuildRoute
 * @typedef {{ routes: Record<string, BuildRoute>; basename?: string }} RoutesBuild
 * @typedef {{ status: number; message: string }} Refusal
 * @typedef {Record<string, string | string[] | undefined>} RequestHeaders
 */

/** @param {Record<string, BuildRoute>} manifest @param {string} parentId @returns {any[]} */
function routeTree(manifest, parentId = "") {
  return Object.values(manifest)
    .filter((r) => (r.parentId || "") === parentId)
    .map((r) => ({ ...r, children: routeTree(manifest, r.id) }));
}

/** @param {RequestHeaders} headers @param {string} name */
function header(headers, name) {
  const v = headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}

/** @param {BuildRoute["module"]} module */
const isPage = (module) => module.default != null || module.ErrorBoundary != null;

/**
 * The methods a request's route answers (what Remix would run): a resource route is its leaf's
 * loader and action; a page always renders for GET, and posts go to the action of Remix's target
 * route (the leaf index route only with a naked `?index`, else the deepest route with a path).
 * @param {{ route: BuildRoute & { index?: boolean } }[]} matches
 * @param {URLSearchParams} search
 */
function allowed(matches, search) {
  const leaf = matches[matches.length - 1].route;
  if (!isPage(leaf.module))
    return [...(leaf.module.loader ? ["GET", "HEAD", "OPTIONS"] : []), ...(leaf.module.action ? MUTATIONS : [])];
  const withPath = matches.filter((m, i) => i === 0 || m.route.path);
  const target = leaf.index && search.getAll("index").includes("") ? leaf : withPath[withPath.length - 1].route;
  return ["GET", "HEAD", ...(target.module.action ? MUTATIONS : [])];
}

/**
 * Remix's `throwIfPotentialCSRFAttack`, answered honestly instead of thrown.
 * @param {RequestHeaders} headers
 * @returns {Refusal | null}
 */
function foreignOrigin(headers) {
  const origin = header(headers, "origin");
  if (origin === undefined || origin === "null") return null;
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    return { status: 400, message: "Bad Request: the Origin header is not a URL" };
  }
  const host = header(headers, "x-forwarded-host")?.split(",")[0]?.trim() || header(headers, "host");
  if (originHost && originHost !== host) return { status: 403, message: "Forbidden: a form post from another origin" };
  return null;
}

/**
 * For each request: what the server answers instead of Remix (`refuse`, or null to let Remix
 * answer), and the `Allow` header when the matched route does not serve the method (Remix's own
 * 405 for a page without an action carries it too).
 * @param {RoutesBuild} build
 */
export function createRefusals(build) {
  const routes = routeTree(build.routes);

  /**
   * @param {string} method
   * @param {string} target the request target (path and query), as received
   * @param {RequestHeaders} headers
   * @returns {{ refuse: Refusal | null; allow: string | null }}
   */
  return function refusal(method, target, headers) {
    let url;
    try {
      // As Remix's Express adapter builds it (the host is checked there: see serve.mjs).
      url = new URL(`http://server.invalid${target}`);
    } catch {
      return { refuse: { status: 400, message: "Bad Request: malformed request target" }, allow: null };
    }
    const dataRequest = url.pathname.endsWith(".data");
    const matches = matchRoutes(
      routes,
      dataRequest ? url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/") : url.pathname,
      build.basename,
    );
    const module = matches?.[matches.length - 1].route.module;
    const methods = matches ? allowed(matches, url.searchParams) : ["GET", "HEAD"];
    if (!SERVED_METHODS.includes(method))
      return { refuse: { status: 405, message: "Method Not Allowed" }, allow: methods.join(", ") };
    // (No route matched: Remix answers 404, which needs no `Allow`.)
    const allow = !matches || methods.includes(method) ? null : methods.join(", ");
    // `?_data` requests skip both checks in Remix, so they do here.
    if (url.searchParams.has("_data")) return { refuse: null, allow: null };
    if (dataRequest) return { refuse: method === "GET" ? null : foreignOrigin(headers), allow };
    // No route matched: Remix renders its 404 as a page, after the same check.
    if (!module || isPage(module)) return { refuse: MUTATIONS.includes(method) ? foreignOrigin(headers) : null, allow };
    return { refuse: allow === null ? null : { status: 405, message: "Method Not Allowed" }, allow };
  };
}
