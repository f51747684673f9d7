// Authentication of checkout / thank-you / order-status extension requests.
//
// `authenticate.public.checkout` (shopify-app-remix 6) answers OPTIONS preflights (204 with
// CORS headers), rejects bots (410), a missing token (401) and a token that fails HS256
// verification with the app secret or whose exp/nbf are off (401, 10 s clock tolerance). It
// does NOT check the audience for checkout tokens (`checkAudience: false`), so Stockroom does:
// `aud` must be this app's API key. The shop is the token's `dest`; a shop that is not (or no
// longer) installed gets 403. Every answer goes through `cors` so the extension can read it.
// Rate limits (app/security/limiters.server.ts), after the token is verified so the shop is
// genuine: `checkout` per shop × buyer (the token's `sub` for a logged-in buyer, else its
// `jti`), and `checkoutAddress` per shop × client address, which caps a script that keeps
// minting fresh tokens. Over budget: 429 with Retry-After (logged once per window).
import { json } from "@remix-run/node";
import { limit } from "../security/limiters.server";
import { clientAddress, tooManyRequests } from "../security/rate-limit.server";
import { isInstalled } from "../shops.server";
import { authenticate } from "../shopify.server";

export interface CheckoutContext {
  shop: string;
  /** Numeric customer id from `sub` (logged-in buyers), else null. */
  customerId: string | null;
  cors: (response: Response) => Response;
}

export function shopFromDest(dest: unknown): string | null {
  if (typeof dest !== "string") return null;
  // Checkout tokens carry the bare shop domain; admin tokens `https://{shop}`.
  const host = dest
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(host) ? host : null;
}

export async function authenticateCheckout(request: Request): Promise<CheckoutContext> {
  const { sessionToken, cors } = await authenticate.public.checkout(request);
  if (sessionToken.aud !== process.env.SHOPIFY_API_KEY) {
    throw cors(json({ error: "Session token is for another app." }, { status: 401 }));
  }
  const shop = shopFromDest(sessionToken.dest);
  if (!shop) throw cors(json({ error: "Session token has no shop." }, { status: 401 }));
  if (!(await isInstalled(shop))) throw cors(json({ error: "The app is not installed on this shop." }, { status: 403 }));
  const claims = sessionToken as { sub?: unknown; jti?: unknown };
  const buyer = typeof claims.sub === "string" && claims.sub ? `sub:${claims.sub}` : typeof claims.jti === "string" && claims.jti ? `jti:${claims.jti}` : "anonymous";
  for (const [name, key] of [
    ["checkout", `${shop}|${buyer.slice(0, 200)}`],
    ["checkoutAddress", `${shop}|${clientAddress(request)}`],
  ] as const) {
    const verdict = await limit(name, key);
    if (!verdict.ok) throw cors(tooManyRequests(verdict));
  }
  const sub = typeof claims.sub === "string" ? (/Customer\/(\d+)$/.exec(claims.sub)?.[1] ?? null) : null;
  return { shop, customerId: sub, cors };
}

/** Reads a JSON body of at most `limit` bytes; null when it is not valid JSON. */
export async function readJson(request: Request, limit = 64 * 1024): Promise<unknown> {
  const text = await request.text();
  if (text.length > limit) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
