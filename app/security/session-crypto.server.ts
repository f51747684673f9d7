// Encryption at rest for the shops' Admin API tokens (`accessToken`, `refreshToken` of the
// session rows), AES-256-GCM under SESSION_ENCRYPTION_KEY.
//
// Keys: SESSION_ENCRYPTION_KEY is the current key — 32 bytes as base64 or 64 hex digits,
// optionally prefixed with a key id (`2026-12:<key>`; without one the id is derived from the
// key). SESSION_ENCRYPTION_PREVIOUS_KEYS lists retired keys (comma-separated, same format):
// they still decrypt, nothing is written with them. Rotation: make the new key current, move
// the old one to the previous list; every write re-encrypts under the current key, and
// `npm run sessions:reencrypt` rewrites all rows at once, after which the old key can go.
//
// Stored value: `enc:v1:<key id>:<base64url(iv ‖ tag ‖ ciphertext)>` with a random 96-bit IV
// and the session id and field name as associated data, so a value copied into another row
// or field does not decrypt. Values without the `enc:` prefix are legacy plaintext (rows
// written before a key was configured): read as they are, encrypted on the next write.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const PREFIX = "enc:v1:";

export interface SessionKeyring {
  current: { id: string; key: Buffer } | null;
  keys: Map<string, Buffer>;
}

export class SessionKeyError extends Error {}

function parseKey(spec: string, variable: string): { id: string; key: Buffer } {
  const trimmed = spec.trim();
  const colon = trimmed.lastIndexOf(":");
  const id = colon > 0 ? trimmed.slice(0, colon) : null;
  const material = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  if (key.length !== 32) throw new SessionKeyError(`${variable} must be 32 bytes (base64 or 64 hex digits), optionally "<key id>:<key>".`);
  if (id !== null && !/^[A-Za-z0-9._-]{1,40}$/.test(id)) throw new SessionKeyError(`${variable}: a key id is 1–40 of A-Z a-z 0-9 . _ -`);
  return { id: id ?? `k${createHash("sha256").update(key).digest("hex").slice(0, 8)}`, key };
}

/** The keys from the environment; `current` is null without SESSION_ENCRYPTION_KEY. Throws on a malformed key. */
export function keyringFromEnv(env: Record<string, string | undefined> = process.env): SessionKeyring {
  const keys = new Map<string, Buffer>();
  const current = env.SESSION_ENCRYPTION_KEY ? parseKey(env.SESSION_ENCRYPTION_KEY, "SESSION_ENCRYPTION_KEY") : null;
  for (const spec of (env.SESSION_ENCRYPTION_PREVIOUS_KEYS ?? "").split(",").filter((s) => s.trim())) {
    const k = parseKey(spec, "SESSION_ENCRYPTION_PREVIOUS_KEYS");
    keys.set(k.id, k.key);
  }
  if (current) keys.set(current.id, current.key);
  return { current, keys };
}

/** A new random key in the format SESSION_ENCRYPTION_KEY takes (for the demo and tests). */
export function generateSessionKey(id?: string): string {
  const material = randomBytes(32).toString("base64");
  return id ? `${id}:${material}` : material;
}

export const isEncrypted = (value: string) => value.startsWith(PREFIX);

/** The key id of a stored value, or null for plaintext. */
export function keyIdOf(value: string): string | null {
  if (!isEncrypted(value)) return null;
  return value.slice(PREFIX.length, value.indexOf(":", PREFIX.length));
}

export function encryptField(ring: SessionKeyring, value: string, context: string): string {
  if (!ring.current) return value;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return `${PREFIX}${ring.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url")}`;
}

/** Plaintext of a stored value; throws SessionKeyError for an unknown key id or a value that fails authentication. */
export function decryptField(ring: SessionKeyring, stored: string, context: string): string {
  if (!isEncrypted(stored)) return stored;
  const id = keyIdOf(stored)!;
  const key = ring.keys.get(id);
  if (!key) throw new SessionKeyError(`no key "${id}" (set SESSION_ENCRYPTION_KEY or SESSION_ENCRYPTION_PREVIOUS_KEYS)`);
  const raw = Buffer.from(stored.slice(PREFIX.length + id.length + 1), "base64url");
  if (raw.length < 28) throw new SessionKeyError("truncated value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new SessionKeyError(`value does not authenticate under key "${id}"`);
  }
}

/** Minimal view of the session table for re-encryption (the app's Prisma client fits). */
interface SessionRows {
  session: {
    findMany(args: { select: { id: true; accessToken: true; refreshToken: true } }): Promise<Array<{ id: string; accessToken: string; refreshToken: string | null }>>;
    updateMany(args: { where: { id: string; accessToken: string; refreshToken: string | null }; data: { accessToken: string; refreshToken: string | null } }): Promise<{ count: number }>;
  };
}

/**
 * Rewrites every session row whose tokens are plaintext or under a retired key with the
 * current key (compare-and-set per row, so a concurrent write wins). Rows that cannot be
 * decrypted are left as they are and counted.
 */
export async function reencryptSessions(db: SessionRows, ring: SessionKeyring): Promise<{ rewritten: number; current: number; undecryptable: number }> {
  if (!ring.current) throw new SessionKeyError("SESSION_ENCRYPTION_KEY is not set");
  const counts = { rewritten: 0, current: 0, undecryptable: 0 };
  for (const row of await db.session.findMany({ select: { id: true, accessToken: true, refreshToken: true } })) {
    const values = [row.accessToken, row.refreshToken].filter((v): v is string => !!v);
    if (values.every((v) => keyIdOf(v) === ring.current!.id)) {
      counts.current++;
      continue;
    }
    try {
      const re = (v: string | null, field: string) => (v ? encryptField(ring, decryptField(ring, v, `${row.id}|${field}`), `${row.id}|${field}`) : v);
      const { count } = await db.session.updateMany({
        where: { id: row.id, accessToken: row.accessToken, refreshToken: row.refreshToken },
        data: { accessToken: re(row.accessToken, "accessToken")!, refreshToken: re(row.refreshToken, "refreshToken") },
      });
      counts.rewritten += count;
    } catch (error) {
      if (!(error instanceof SessionKeyError)) throw error;
      counts.undecryptable++;
    }
  }
  return counts;
}
