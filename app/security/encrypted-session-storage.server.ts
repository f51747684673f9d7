// Wraps the app's session storage (PrismaSessionStorage, app/shopify.server.ts) so the tokens
// it keeps are encrypted at rest (app/security/session-crypto.server.ts): `accessToken` and
// `refreshToken` are encrypted on every write under the current key (so a write re-encrypts a
// row written under an older key or in plaintext) and decrypted on every read.
//
// A row that cannot be decrypted (its key is gone, or it was tampered with) is logged and
// treated as absent: the library then runs token exchange again for the shop (admin requests)
// and stores a fresh, encrypted token; background work for the shop fails until then.
//
// Without SESSION_ENCRYPTION_KEY tokens are stored as the library gives them, with a warning
// at start-up (README, "Configuration").
import { Session } from "@shopify/shopify-api";
import { log } from "../log.server";
import { decryptField, encryptField, keyringFromEnv, SessionKeyError, type SessionKeyring } from "./session-crypto.server";

export interface SessionStorageLike {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

const FIELDS = ["accessToken", "refreshToken"] as const;

function mapTokens(session: Session, fn: (value: string, context: string) => string): Session {
  const copy = new Session(session.toObject());
  for (const field of FIELDS) {
    const value = session[field];
    if (typeof value === "string" && value) copy[field] = fn(value, `${session.id}|${field}`);
  }
  return copy;
}

export function encryptedSessionStorage<T extends SessionStorageLike>(inner: T, ring: SessionKeyring = keyringFromEnv()): T {
  if (!ring.current) {
    log(process.env.NODE_ENV === "production" ? "error" : "warn", "SESSION_ENCRYPTION_KEY is not set: shops' access tokens are stored unencrypted", {});
  }
  const encrypt = (s: Session) => mapTokens(s, (v, ctx) => encryptField(ring, v, ctx));
  const decrypt = (s: Session | undefined): Session | undefined => {
    if (!s) return s;
    try {
      return mapTokens(s, (v, ctx) => decryptField(ring, v, ctx));
    } catch (error) {
      if (!(error instanceof SessionKeyError)) throw error;
      log("error", "session token cannot be decrypted; treating the session as absent", { session: s.id, shop: s.shop, reason: error.message });
      return undefined;
    }
  };

  return new Proxy(inner, {
    get(target, prop, receiver) {
      switch (prop) {
        case "storeSession":
          return (session: Session) => target.storeSession(encrypt(session));
        case "loadSession":
          return async (id: string) => decrypt(await target.loadSession(id));
        case "findSessionsByShop":
          return async (shop: string) => (await target.findSessionsByShop(shop)).map(decrypt).filter((s): s is Session => !!s);
        default: {
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        }
      }
    },
  });
}
