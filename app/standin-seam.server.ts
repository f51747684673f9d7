// The one dev/test seam to Shopify. When SHOPIFY_STANDIN_URL is set, every HTTP request
// the app makes to https://{handle}.myshopify.com/{path} goes to
// {SHOPIFY_STANDIN_URL}/store/{handle}/{path} instead (the local stand-in in dev/).
// Unset (production), nothing is rewritten and requests go to Shopify unchanged.

const MYSHOPIFY_HOST = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/i;

export function standinUrl(): string | undefined {
  return process.env.SHOPIFY_STANDIN_URL || undefined;
}

/** Rewrites a Shopify URL to the stand-in, or returns it unchanged when the seam is off. */
export function resolveShopifyUrl(input: string, standin: string | undefined = standinUrl()): string {
  if (!standin) return input;
  const url = new URL(input);
  const match = MYSHOPIFY_HOST.exec(url.hostname);
  if (!match) return input;
  return `${standin.replace(/\/$/, "")}/store/${match[1]}${url.pathname}${url.search}`;
}

type Fetch = typeof fetch;

/** Wraps fetch so that requests for *.myshopify.com reach the stand-in when the seam is on. */
export function seamFetch(inner: Fetch = fetch): Fetch {
  return (input, init) => {
    const standin = standinUrl();
    if (!standin) return inner(input, init);
    if (typeof input === "string" || input instanceof URL) {
      return inner(resolveShopifyUrl(String(input), standin), init);
    }
    const rewritten = resolveShopifyUrl(input.url, standin);
    return inner(rewritten === input.url ? input : new Request(rewritten, input), init);
  };
}

/** Where the embedded admin loads App Bridge from: Shopify's CDN, or the stand-in's copy. */
export function appBridgeUrl(): string | undefined {
  const standin = standinUrl();
  return standin ? `${standin.replace(/\/$/, "")}/app-bridge.js` : undefined;
}

/**
 * The library's document headers name Shopify's admin as the only allowed frame parent and
 * preload App Bridge from Shopify's CDN. With the seam on, the stand-in's admin frames the
 * app and serves App Bridge, so allow it as a parent and preload its copy instead.
 */
export function applyStandinDocumentHeaders(headers: Headers): void {
  const standin = standinUrl();
  if (!standin) return;
  const origin = new URL(standin).origin;
  const csp = headers.get("Content-Security-Policy");
  if (csp?.includes("frame-ancestors") && !csp.includes(origin)) {
    headers.set("Content-Security-Policy", csp.replace("frame-ancestors", `frame-ancestors ${origin}`));
  }
  if (headers.get("Link")?.includes("cdn.shopify.com")) {
    headers.set("Link", `<${appBridgeUrl()}>; rel="preload"; as="script";`);
  }
}
