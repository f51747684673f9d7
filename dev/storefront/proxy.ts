import { createHmac } from "node:crypto";

/**
 * Shopify's app proxy: `https://{shop}/{prefix}/{subpath}/{rest}?{query}` is forwarded to
 * `{proxy url}/{rest}?{query}&shop&logged_in_customer_id&path_prefix&timestamp&signature`.
 * Signature (what @shopify/shopify-api's `validateHmac(…, {signator: "appProxy"})` checks):
 * query params grouped by key (repeated values joined with ","), `signature` dropped, keys
 * sorted, `key=value` concatenated with no separator, hex HMAC-SHA256 with the app secret.
 */

const SHOPIFY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature", "hmac"];

export function signProxyQuery(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of params) {
    if (k === "signature") continue;
    grouped.set(k, [...(grouped.get(k) ?? []), v]);
  }
  const message = [...grouped.keys()]
    .sort((a, b) => a.localeCompare(b))
    .map((k) => `${k}=${grouped.get(k)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query Shopify sends to the app for a storefront request's query. */
export function proxyQuery(
  incoming: URLSearchParams,
  o: { shop: string; pathPrefix: string; secret: string; customerId?: string | null; timestamp?: number },
): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of incoming) if (!SHOPIFY_PARAMS.includes(k)) q.append(k, v);
  q.set("shop", o.shop);
  q.set("logged_in_customer_id", o.customerId ?? "");
  q.set("path_prefix", o.pathPrefix);
  q.set("timestamp", String(o.timestamp ?? Math.floor(Date.now() / 1000)));
  q.set("signature", signProxyQuery(q, o.secret));
  return q;
}

const PASS_REQUEST_HEADERS = ["accept", "accept-language", "content-type", "if-none-match", "if-modified-since", "user-agent", "x-requested-with"];
const PASS_RESPONSE_HEADERS = ["content-type", "etag", "cache-control", "last-modified", "vary", "location", "content-language", "expires"];

export interface ProxyOptions {
  appProxyUrl: string; // {appUrl}/proxy
  pathPrefix: string; // /apps/stockroom
  secret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** render an `application/liquid` response inside the theme */
  renderLiquid?: (source: string) => Promise<string>;
}

export async function forwardProxy(shop: string, rest: string, request: Request, o: ProxyOptions): Promise<Response> {
  const url = new URL(request.url);
  const customerId = /(?:^|;\s*)standin_customer_id=(\d+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? null;
  const q = proxyQuery(url.searchParams, { shop, pathPrefix: o.pathPrefix, secret: o.secret, customerId });
  const target = `${o.appProxyUrl.replace(/\/$/, "")}${rest ? `/${rest.replace(/^\//, "")}` : ""}?${q}`;
  const headers = new Headers();
  for (const h of PASS_REQUEST_HEADERS) {
    const v = request.headers.get(h);
    if (v) headers.set(h, v);
  }
  const fwd = request.headers.get("x-forwarded-for");
  headers.set("X-Forwarded-For", fwd ?? "127.0.0.1");
  headers.set("X-Forwarded-Host", shop);
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
      redirect: "manual",
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
  } catch (e) {
    return new Response(`App proxy: the app did not answer (${(e as Error).message})`, { status: 502 });
  }
  const out = new Headers();
  for (const h of PASS_RESPONSE_HEADERS) {
    const v = res.headers.get(h);
    if (v) out.set(h, v);
  }
  // Shopify strips cookies from app proxy responses
  if (res.status === 304 || res.status === 204 || request.method === "HEAD") return new Response(null, { status: res.status, headers: out });
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("application/liquid") && o.renderLiquid) {
    const html = await o.renderLiquid(await res.text());
    out.set("content-type", "text/html; charset=utf-8");
    return new Response(html, { status: res.status, headers: out });
  }
  return new Response(await res.arrayBuffer(), { status: res.status, headers: out });
}
