/**
 * Tests and the demo must never reach Shopify (or anything off this machine): every fetch
 * to a host other than loopback is refused and remembered. Node's http/https clients are not
 * used by the app (the Shopify libraries and graphql-request go through fetch).
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export const blockedRequests: string[] = [];

export function installNetworkGuard(): void {
  const g = globalThis as typeof globalThis & { __stockroomGuard?: boolean };
  if (g.__stockroomGuard) return;
  g.__stockroomGuard = true;
  const inner = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? String(input) : input.url);
    if (!LOOPBACK.has(url.hostname) && !url.hostname.endsWith(".localhost")) {
      blockedRequests.push(url.toString());
      return Promise.reject(new Error(`network guard: refused ${url.origin} (only loopback is allowed in tests and the demo)`));
    }
    return inner(input, init);
  }) as typeof fetch;
}
