// A read-through cache in front of the app's session storage, for the storefront path:
// `authenticate.public.appProxy` loads the shop's offline session on every request (one
// database query per widget poll) although the stock endpoint never uses it. Wrapping the
// storage in app/shopify.server.ts —
//   sessionStorage: cachedSessionStorage(new PrismaSessionStorage(prisma)),
// — serves repeated loads from memory for a few seconds.
// Safety: writes and deletes in this process drop the entry at once; sessions whose token
// expires soon (or has expired) are never served from the cache, so the library's token
// refresh always sees the stored truth; other processes' changes are visible after ttlMs.
import type { Session } from "@shopify/shopify-api";

interface SessionStorageLike {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

export interface SessionCacheOptions {
  /** How long a loaded session (or its absence) is reused. */
  ttlMs?: number;
  /** Sessions expiring sooner than this are always read from the storage. */
  minRemainingMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function cachedSessionStorage<T extends SessionStorageLike>(inner: T, opts: SessionCacheOptions = {}): T {
  const ttl = opts.ttlMs ?? Number(process.env.SESSION_CACHE_TTL_MS ?? 5_000);
  const minRemaining = opts.minRemainingMs ?? 10 * 60_000;
  const max = opts.maxEntries ?? 10_000;
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; session: Session | undefined }>();
  const inflight = new Map<string, Promise<Session | undefined>>();
  let epoch = 0;

  const cacheable = (s: Session | undefined) => !s?.expires || s.expires.getTime() - now() > minRemaining;

  async function loadSession(id: string): Promise<Session | undefined> {
    if (ttl <= 0) return inner.loadSession(id);
    const hit = cache.get(id);
    if (hit && now() - hit.at < ttl && cacheable(hit.session)) return hit.session;
    let p = inflight.get(id);
    if (!p) {
      const started = epoch;
      p = inner
        .loadSession(id)
        .then((session) => {
          // A write during the load may not be in what was read: do not keep it.
          if (epoch === started && cacheable(session)) {
            if (cache.size >= max) cache.delete(cache.keys().next().value as string);
            cache.set(id, { at: now(), session });
          }
          return session;
        })
        .finally(() => inflight.delete(id));
      inflight.set(id, p);
    }
    return p;
  }

  const forget = (ids: string[]) => {
    epoch++;
    for (const id of ids) cache.delete(id);
  };

  return new Proxy(inner, {
    get(target, prop, receiver) {
      switch (prop) {
        case "loadSession":
          return loadSession;
        case "storeSession":
          return async (session: Session) => {
            forget([session.id]);
            const ok = await target.storeSession(session);
            forget([session.id]);
            return ok;
          };
        case "deleteSession":
          return async (id: string) => {
            forget([id]);
            const ok = await target.deleteSession(id);
            forget([id]);
            return ok;
          };
        case "deleteSessions":
          return async (ids: string[]) => {
            forget(ids);
            const ok = await target.deleteSessions(ids);
            forget(ids);
            return ok;
          };
        default: {
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        }
      }
    },
  });
}
