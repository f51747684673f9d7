import { unauthenticated } from "../shopify.server";
import { AdminClient, type AccessToken } from "./client.server";

const REFRESH_MARGIN_MS = 5 * 60_000;
const clients = new Map<string, AdminClient>();

/**
 * Offline token of a shop, through the app library: it loads the offline session from the
 * session storage and refreshes an expiring token when needed (no second token store).
 */
async function offlineToken(shop: string): Promise<AccessToken> {
  const { session } = await unauthenticated.admin(shop);
  return { token: session.accessToken!, expiresAt: session.expires ?? null };
}

/** The background Admin API client of a shop; one per shop per process so pacing is shared. */
export function adminClientFor(shop: string): AdminClient {
  let client = clients.get(shop);
  if (!client) {
    let cached: AccessToken | null = null;
    client = new AdminClient({
      shop,
      getToken: async ({ forceRefresh } = {}) => {
        const fresh = cached && (!cached.expiresAt || cached.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS);
        if (!fresh || forceRefresh) cached = await offlineToken(shop);
        return cached!;
      },
    });
    clients.set(shop, client);
  }
  return client;
}

export function forgetAdminClient(shop: string): void {
  clients.delete(shop);
}
