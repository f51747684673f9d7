// Signed links in back-in-stock mail: confirm (double opt-in) and unsubscribe. HMAC-SHA256 with
// the app secret over kind, subscription id and expiry; nothing to store, nothing guessable.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TokenKind = "confirm" | "unsubscribe";

const TTL_MS: Record<TokenKind, number> = { confirm: 7 * 86_400_000, unsubscribe: 365 * 86_400_000 };

function secret(): string {
  const s = process.env.SHOPIFY_API_SECRET;
  if (!s) throw new Error("SHOPIFY_API_SECRET is not set");
  return s;
}

const mac = (body: string) => createHmac("sha256", secret()).update(`restock:${body}`).digest("base64url");

export function signToken(kind: TokenKind, subscriptionId: string, now = Date.now()): string {
  const body = `${kind}.${subscriptionId}.${Math.floor((now + TTL_MS[kind]) / 1000).toString(36)}`;
  return `${body}.${mac(body)}`;
}

/** The subscription id when the token is genuine, of this kind and not expired; else null. */
export function verifyToken(kind: TokenKind, token: string | null | undefined, now = Date.now()): string | null {
  if (!token || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 4) return null;
  const [k, id, exp, sig] = parts;
  if (k !== kind || !/^[a-z0-9]{10,40}$/.test(id)) return null;
  const expected = Buffer.from(mac(`${k}.${id}.${exp}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (parseInt(exp, 36) * 1000 < now) return null;
  return id;
}

/** Keyed hash of an address: what is kept once a shopper unsubscribes or is redacted. */
export function emailHash(email: string): string {
  return createHmac("sha256", secret()).update(`restock-email:${email.trim().toLowerCase()}`).digest("hex");
}
