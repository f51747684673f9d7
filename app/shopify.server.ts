import "@shopify/shopify-app-remix/adapters/node";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { billingConfig } from "./billing/config.server";
import prisma from "./db.server";
import { isClientCaused } from "./security/client-errors.server";
import { encryptedSessionStorage } from "./security/encrypted-session-storage.server";
import { seamFetch } from "./standin-seam.server";
import { recordInstall } from "./shops.server";
import { cachedSessionStorage } from "./storefront/session-cache.server";

// Runs after the node adapter's own setAbstractFetchFunc(fetch): with SHOPIFY_STANDIN_URL set,
// the library's token exchange, refresh and Admin API calls reach the local stand-in.
setAbstractFetchFunc(seamFetch(globalThis.fetch));

export const ADMIN_API_VERSION = ApiVersion.October26;

function libraryLogLevel(): LogSeverity {
  switch (process.env.LOG_LEVEL) {
    case "debug":
      return LogSeverity.Debug;
    case "info":
      return LogSeverity.Info;
    case "error":
    case "silent":
      return LogSeverity.Error;
    default:
      return LogSeverity.Warning;
  }
}

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  apiVersion: ADMIN_API_VERSION,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "",
  authPathPrefix: "/auth",
  // Webhooks and app-proxy requests load the shop's offline session on every call; a short
  // read-through cache keeps that off the database on the hot paths (see session-cache.server.ts).
  // Tokens are encrypted at rest under SESSION_ENCRYPTION_KEY (encrypted-session-storage.server.ts).
  sessionStorage: cachedSessionStorage(encryptedSessionStorage(new PrismaSessionStorage(prisma))),
  // The library logs every authenticated request at INFO; keep its output for problems.
  logger: { level: libraryLogLevel() },
  distribution: AppDistribution.AppStore,
  // Plans through Shopify's Billing API (app/billing/): billing.require / request / check.
  billing: billingConfig,
  // Admin requests act as the signed-in staff member; background work uses the offline token.
  useOnlineTokens: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstall(session.shop, session.scope);
    },
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// The library throws a TypeError for a validly signed token whose claims it cannot read (a
// checkout token sent to an admin route: its `dest` is not a URL). That is the request's fault:
// 401, not 500 (found by test/fuzz).
const authenticateAdmin = shopify.authenticate.admin;
export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  admin: (async (request: Request) => {
    try {
      return await authenticateAdmin(request);
    } catch (error) {
      if (isClientCaused(error)) throw new Response("Unauthorized", { status: 401 });
      throw error;
    }
  }) as typeof authenticateAdmin,
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
