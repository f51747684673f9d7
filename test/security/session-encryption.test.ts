// Tokens at rest: the app's session storage (app/shopify.server.ts) stores accessToken and
// refreshToken AES-256-GCM-encrypted under SESSION_ENCRYPTION_KEY with the key id, reads
// them back, keeps old keys readable after a rotation and re-encrypts on write.
import { randomBytes } from "node:crypto";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { encryptedSessionStorage } from "../../app/security/encrypted-session-storage.server";
import { generateSessionKey, keyIdOf, keyringFromEnv, reencryptSessions, SessionKeyError } from "../../app/security/session-crypto.server";
import { sessionStorage } from "../../app/shopify.server";

const SHOP = "north-shop.myshopify.com";
// Generated per run, so no token-shaped literal is committed.
const ACCESS = `shpat_${randomBytes(16).toString("hex")}`;
const REFRESH = `shprt_${randomBytes(16).toString("hex")}`;

function offline(id = `offline_${SHOP}`, access = ACCESS) {
  return new Session({
    id,
    shop: SHOP,
    state: "",
    isOnline: false,
    scope: "read_products",
    accessToken: access,
    refreshToken: REFRESH,
    expires: new Date(Date.now() + 3600_000),
    refreshTokenExpires: new Date(Date.now() + 30 * 86_400_000),
  });
}

const row = (id = `offline_${SHOP}`) => prisma.session.findUniqueOrThrow({ where: { id } });
const storageWith = (env: Record<string, string | undefined>) => encryptedSessionStorage(new PrismaSessionStorage(prisma), keyringFromEnv(env));

beforeEach(async () => {
  await prisma.session.deleteMany();
});

describe("session tokens at rest", () => {
  it("the app's storage keeps no plaintext token in the row and reads it back", async () => {
    expect(process.env.SESSION_ENCRYPTION_KEY).toBeTruthy();
    await sessionStorage.storeSession(offline());
    const stored = await row();
    for (const [value, plain] of [
      [stored.accessToken, ACCESS],
      [stored.refreshToken!, REFRESH],
    ]) {
      expect(value).toMatch(/^enc:v1:test:/);
      expect(value).not.toContain(plain);
      expect(value).not.toContain(plain.slice(6, 20));
      expect(Buffer.from(value.split(":").pop()!, "base64url").toString("latin1")).not.toContain(plain.slice(6, 20));
    }
    expect(keyIdOf(stored.accessToken)).toBe("test");
    const loaded = await storageWith({ SESSION_ENCRYPTION_KEY: process.env.SESSION_ENCRYPTION_KEY }).loadSession(`offline_${SHOP}`);
    expect(loaded?.accessToken).toBe(ACCESS);
    expect(loaded?.refreshToken).toBe(REFRESH);
    expect((await storageWith({ SESSION_ENCRYPTION_KEY: process.env.SESSION_ENCRYPTION_KEY }).findSessionsByShop(SHOP)).map((s) => s.accessToken)).toEqual([ACCESS]);
  });

  it("encrypts afresh every time (random IV) and binds a value to its row and field", async () => {
    const env = { SESSION_ENCRYPTION_KEY: generateSessionKey("k1") };
    const storage = storageWith(env);
    await storage.storeSession(offline("a"));
    await storage.storeSession(offline("b"));
    const [a, b] = [await row("a"), await row("b")];
    expect(a.accessToken).not.toBe(b.accessToken);
    // A value copied into another row (or the other field) does not decrypt: that session is absent.
    await prisma.session.update({ where: { id: "b" }, data: { accessToken: a.accessToken } });
    expect(await storage.loadSession("b")).toBeUndefined();
    await prisma.session.update({ where: { id: "a" }, data: { accessToken: a.refreshToken! } });
    expect(await storage.loadSession("a")).toBeUndefined();
    // Tampering is detected too.
    await storage.storeSession(offline("c"));
    const c = await row("c");
    const at = c.accessToken.length - 2;
    const flipped = c.accessToken.slice(0, at) + (c.accessToken[at] === "A" ? "B" : "A") + c.accessToken.slice(at + 1);
    expect(flipped).not.toBe(c.accessToken);
    await prisma.session.update({ where: { id: "c" }, data: { accessToken: flipped } });
    expect(await storage.loadSession("c")).toBeUndefined();
  });

  it("rotation: the old key id still decrypts, writes use the new one, re-encryption retires the old key", async () => {
    const k1 = generateSessionKey("2026-11");
    const k2 = generateSessionKey("2026-12");
    await storageWith({ SESSION_ENCRYPTION_KEY: k1 }).storeSession(offline("x"));
    await storageWith({ SESSION_ENCRYPTION_KEY: k1 }).storeSession(offline("y"));
    expect(keyIdOf((await row("x")).accessToken)).toBe("2026-11");

    const rotated = storageWith({ SESSION_ENCRYPTION_KEY: k2, SESSION_ENCRYPTION_PREVIOUS_KEYS: k1 });
    expect((await rotated.loadSession("x"))?.accessToken).toBe(ACCESS);
    // Without the old key the row is unreadable (so the previous list matters).
    expect(await storageWith({ SESSION_ENCRYPTION_KEY: k2 }).loadSession("x")).toBeUndefined();

    // A write (e.g. the library refreshing the token) re-encrypts under the current key.
    await rotated.storeSession(offline("x", "shpat_refreshed"));
    expect(keyIdOf((await row("x")).accessToken)).toBe("2026-12");
    expect(keyIdOf((await row("x")).refreshToken!)).toBe("2026-12");
    expect(keyIdOf((await row("y")).accessToken)).toBe("2026-11");

    // The re-encryption pass moves the rest; then the old key can be dropped.
    const ring = keyringFromEnv({ SESSION_ENCRYPTION_KEY: k2, SESSION_ENCRYPTION_PREVIOUS_KEYS: k1 });
    expect(await reencryptSessions(prisma, ring)).toEqual({ rewritten: 1, current: 1, undecryptable: 0 });
    const onlyNew = storageWith({ SESSION_ENCRYPTION_KEY: k2 });
    expect((await onlyNew.loadSession("x"))?.accessToken).toBe("shpat_refreshed");
    expect((await onlyNew.loadSession("y"))?.accessToken).toBe(ACCESS);
    expect((await onlyNew.loadSession("y"))?.refreshToken).toBe(REFRESH);
  });

  it("rows stored in plaintext (before a key was set) are read, and encrypted on the next write or pass", async () => {
    const plain = storageWith({});
    await plain.storeSession(offline("p"));
    await plain.storeSession(offline("q"));
    expect((await row("p")).accessToken).toBe(ACCESS);
    const key = generateSessionKey();
    const storage = storageWith({ SESSION_ENCRYPTION_KEY: key });
    expect((await storage.loadSession("p"))?.accessToken).toBe(ACCESS);
    await storage.storeSession((await storage.loadSession("p"))!);
    expect((await row("p")).accessToken).toMatch(/^enc:v1:k[0-9a-f]{8}:/);
    expect(await reencryptSessions(prisma, keyringFromEnv({ SESSION_ENCRYPTION_KEY: key }))).toMatchObject({ rewritten: 1, current: 1 });
    expect((await row("q")).accessToken).not.toContain(ACCESS);
  });

  it("refuses a malformed key instead of running with it", () => {
    expect(() => keyringFromEnv({ SESSION_ENCRYPTION_KEY: "too-short" })).toThrow(SessionKeyError);
    expect(() => keyringFromEnv({ SESSION_ENCRYPTION_KEY: "a".repeat(64), SESSION_ENCRYPTION_PREVIOUS_KEYS: "bad id!:" + "b".repeat(64) })).toThrow(SessionKeyError);
    expect(keyringFromEnv({ SESSION_ENCRYPTION_KEY: "a".repeat(64) }).current?.key.length).toBe(32);
  });
});
