// The outbound signature: X-Stockroom-Hmac-Sha256 = base64(HMAC-SHA256(endpoint secret, raw body)).
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Stockroom-Hmac-Sha256";

export function signEvent(secret: string, rawBody: string | Buffer): string {
  return createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** The receiver's side of the recipe (what docs/channels.md shows). */
export function verifyEventSignature(secret: string, rawBody: string | Buffer, header: string | null | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(signEvent(secret, rawBody));
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
