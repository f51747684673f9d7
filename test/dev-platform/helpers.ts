import "@shopify/shopify-app-remix/adapters/node";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { shopifyApi, type Session } from "@shopify/shopify-api";

export const API_KEY = "test-api-key-0123456789abcdef";
export const API_SECRET = "test-api-secret-fedcba9876543210";

/** Route the library's HTTP (token exchange, refresh, Admin API) to the stand-in — the app's seam. */
export function pointLibraryAt(standinUrl: string) {
  setAbstractFetchFunc(((input: RequestInfo | URL, init?: RequestInit) => {
    const raw = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    const u = new URL(raw);
    const m = /^([a-z0-9-]+)\.myshopify\.com$/.exec(u.hostname);
    if (!m) throw new Error(`test tried to reach a real host: ${raw}`);
    return fetch(`${standinUrl}/store/${m[1]}${u.pathname}${u.search}`, init);
  }) as typeof fetch);
}

export class MemorySessionStorage {
  sessions = new Map<string, Session>();
  async storeSession(s: Session) {
    this.sessions.set(s.id, s);
    return true;
  }
  async loadSession(id: string) {
    return this.sessions.get(id);
  }
  async deleteSession(id: string) {
    this.sessions.delete(id);
    return true;
  }
  async deleteSessions(ids: string[]) {
    for (const id of ids) this.sessions.delete(id);
    return true;
  }
  async findSessionsByShop(shop: string) {
    return [...this.sessions.values()].filter((s) => s.shop === shop);
  }
}

export function makeApp(appUrl: string, storage = new MemorySessionStorage()) {
  const app = shopifyApp({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    apiVersion: ApiVersion.October26,
    scopes: ["read_products", "read_inventory", "write_inventory", "read_orders", "read_locations"],
    appUrl,
    authPathPrefix: "/auth",
    sessionStorage: storage as never,
    distribution: AppDistribution.AppStore,
    useOnlineTokens: true,
    future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
    logger: { level: 0 as never },
  });
  return { app, storage };
}

export interface Received {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A tiny HTTP server standing in for the app; `handler` decides the answer. */
export async function startReceiver(handler: (r: Received, res: ServerResponse) => void | Promise<void>) {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r: Received = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
        body: Buffer.concat(chunks),
      };
      received.push(r);
      try {
        await handler(r, res);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Rebuild a Request the app would see from what the receiver got. */
export function asRequest(base: string, r: Received): Request {
  return new Request(`${base}${r.url}`, {
    method: r.method,
    headers: r.headers,
    body: r.method === "GET" || r.method === "HEAD" ? undefined : new Uint8Array(r.body),
  });
}

/** The plain library (what shopifyApp wraps), configured like the app. */
export function makeApi(appUrl: string, secret = API_SECRET) {
  return shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: secret,
    apiVersion: ApiVersion.October26,
    scopes: ["read_products", "read_inventory", "write_inventory", "read_orders", "read_locations"],
    hostName: new URL(appUrl).host,
    hostScheme: "https",
    isEmbeddedApp: true,
    logger: { level: 0 as never },
  });
}
