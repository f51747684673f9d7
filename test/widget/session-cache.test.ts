import { beforeEach, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "../../app/db.server";
import { cachedSessionStorage } from "../../app/storefront/session-cache.server";

const SHOP = "cache-shop.myshopify.com";
const ID = `offline_${SHOP}`;

function offline(token: string, expires?: Date) {
  return new Session({ id: ID, shop: SHOP, state: "", isOnline: false, accessToken: token, scope: "read_products", expires });
}

let clock = 1_000_000;
let loads = 0;
let storage: PrismaSessionStorage<typeof prisma>;

beforeEach(async () => {
  await prisma.session.deleteMany({ where: { shop: SHOP } });
  clock = Date.now();
  loads = 0;
  const inner = new PrismaSessionStorage(prisma);
  const load = inner.loadSession.bind(inner);
  inner.loadSession = async (id: string) => {
    loads++;
    return load(id);
  };
  storage = cachedSessionStorage(inner, { ttlMs: 5_000, now: () => clock });
});

describe("cachedSessionStorage", () => {
  it("serves repeated loads from memory within the TTL, then reads again", async () => {
    await storage.storeSession(offline("t1"));
    expect((await storage.loadSession(ID))?.accessToken).toBe("t1");
    expect((await storage.loadSession(ID))?.accessToken).toBe("t1");
    expect(loads).toBe(1);
    clock += 5_001;
    await storage.loadSession(ID);
    expect(loads).toBe(2);
  });

  it("drops the entry on store and delete in this process", async () => {
    await storage.storeSession(offline("t1"));
    await storage.loadSession(ID);
    await storage.storeSession(offline("t2"));
    expect((await storage.loadSession(ID))?.accessToken).toBe("t2");
    await storage.deleteSessions([ID]);
    expect(await storage.loadSession(ID)).toBeUndefined();
    expect(await storage.findSessionsByShop(SHOP)).toEqual([]);
  });

  it("never caches a session whose token expires soon (the library's refresh must see the truth)", async () => {
    await storage.storeSession(offline("t1", new Date(clock + 4 * 60_000)));
    await storage.loadSession(ID);
    await storage.loadSession(ID);
    expect(loads).toBe(2);
  });

  it("shares one load between concurrent callers", async () => {
    await storage.storeSession(offline("t1"));
    await Promise.all(Array.from({ length: 20 }, () => storage.loadSession(ID)));
    expect(loads).toBe(1);
  });
});
