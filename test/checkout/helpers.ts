import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import prisma from "../../app/db.server";

export const APP_ORIGIN = process.env.SHOPIFY_APP_URL!;
export const CHECKOUT_ORIGIN = "https://extensions.shopifycdn.com";

export interface TokenOptions {
  shop: string;
  aud?: string;
  secret?: string;
  /** Seconds from now. */
  expIn?: number;
  nbfIn?: number;
  sub?: string;
}

/** A checkout session token shaped as Shopify signs it (HS256 with the app secret). */
export async function checkoutToken(o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { dest: o.shop, aud: o.aud ?? process.env.SHOPIFY_API_KEY };
  if (o.sub) claims.sub = o.sub;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setNotBefore(now + (o.nbfIn ?? -5))
    .setExpirationTime(now + (o.expIn ?? 300))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(o.secret ?? process.env.SHOPIFY_API_SECRET));
}

export function apiRequest(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Request {
  const headers = new Headers({ Origin: CHECKOUT_ORIGIN, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0" });
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  return new Request(`${APP_ORIGIN}${path}`, {
    method: init.method ?? (init.body !== undefined ? "POST" : "GET"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

/** Runs a Remix loader/action and returns the Response, whether returned or thrown. */
export async function call(fn: (args: never) => unknown, request: Request): Promise<Response> {
  try {
    return (await fn({ request, params: {}, context: {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function installShop(domain: string) {
  await prisma.shop.upsert({ where: { domain }, create: { domain }, update: { uninstalledAt: null } });
}

export async function resetCheckoutTables() {
  await prisma.$transaction([
    prisma.surveyResponse.deleteMany(),
    prisma.surveyImpression.deleteMany(),
    prisma.surveyVersion.deleteMany(),
    prisma.survey.deleteMany(),
    prisma.widgetAlternativePick.deleteMany(),
    prisma.widgetSettings.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.shopOrder.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
}
