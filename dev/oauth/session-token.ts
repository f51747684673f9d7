import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, type JWTPayload } from "jose";

/**
 * Session tokens as Shopify issues them: JWT, HS256, signed with the app's client secret.
 *
 * - Embedded admin (App Bridge `shopify.idToken()`): iss `https://{shop}/admin`,
 *   dest `https://{shop}`, aud = client id (API key), sub = staff user id, sid = admin
 *   session id, exp/nbf/iat/jti. Lifetime 1 minute.
 * - Checkout / customer-account UI extensions (`shopify.sessionToken.get()`): dest is the
 *   shop domain, aud = client id, `sub` (customer GID) only when a buyer is logged in,
 *   exp/nbf/iat/jti, no `iss`/`sid`. Lifetime 5 minutes (Shopify's documented TTL).
 */
export interface AdminTokenInput {
  apiKey: string;
  apiSecret: string;
  /** `north-shop.myshopify.com` */
  shop: string;
  userId?: string | number;
  sid?: string;
  ttlSeconds?: number;
  /** Override "now" (seconds since epoch) — for tests of expiry. */
  now?: number;
}

export function hmacKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function mintAdminSessionToken(input: AdminTokenInput): Promise<string> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const payload: JWTPayload & { dest: string; sid: string } = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: String(input.userId ?? DEFAULT_STAFF_USER.id),
    exp: now + (input.ttlSeconds ?? 60),
    nbf: now,
    iat: now,
    jti: randomUUID(),
    sid: input.sid ?? randomUUID(),
  };
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(hmacKey(input.apiSecret));
}

export interface CheckoutTokenInput {
  apiKey: string;
  apiSecret: string;
  shop: string;
  /** numeric customer id; adds `sub: gid://shopify/Customer/{id}` (logged-in buyer) */
  customerId?: string | number;
  ttlSeconds?: number;
  now?: number;
}

export async function mintCheckoutSessionToken(input: CheckoutTokenInput): Promise<string> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const payload: JWTPayload & { dest: string } = {
    dest: input.shop,
    aud: input.apiKey,
    exp: now + (input.ttlSeconds ?? 300),
    nbf: now,
    iat: now,
    jti: randomUUID(),
  };
  if (input.customerId != null) payload.sub = `gid://shopify/Customer/${input.customerId}`;
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(hmacKey(input.apiSecret));
}

export interface VerifiedIdToken extends JWTPayload {
  dest: string;
  sid?: string;
}

/** Verifies an id_token the way Shopify's token endpoint does (signature, exp/nbf, aud). */
export async function verifySessionToken(
  token: string,
  opts: { apiKey: string; apiSecret: string; clockToleranceSeconds?: number },
): Promise<VerifiedIdToken> {
  const { payload } = await jwtVerify(token, hmacKey(opts.apiSecret), {
    algorithms: ["HS256"],
    audience: opts.apiKey,
    clockTolerance: opts.clockToleranceSeconds ?? 10,
  });
  if (typeof payload.dest !== "string") throw new Error("session token has no dest");
  return payload as VerifiedIdToken;
}

/** Shop domain from a verified token's `dest` (`https://x.myshopify.com` or `x.myshopify.com`). */
export function shopFromDest(dest: string): string {
  return dest.replace(/^https:\/\//, "").replace(/\/.*$/, "");
}

/** The staff member the stand-in's admin is "logged in" as (shop owner). */
export const DEFAULT_STAFF_USER = {
  id: 70_000_001,
  first_name: "Alex",
  last_name: "Merchant",
  email: "alex.merchant@example.com",
  account_owner: true,
  locale: "en",
  collaborator: false,
  email_verified: true,
};
