import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { DEFAULT_STAFF_USER, shopFromDest, verifySessionToken } from "./session-token.ts";

/**
 * Shopify's `/admin/oauth/access_token` and `/admin/oauth/authorize` for one stand-in.
 *
 * Grants (bodies as @shopify/shopify-api 15 sends them, JSON or form-encoded):
 * - token exchange: grant_type=urn:ietf:params:oauth:grant-type:token-exchange, subject_token
 *   (session token, verified with the app secret, aud = API key, dest = this shop),
 *   subject_token_type=urn:ietf:params:oauth:token-type:id_token, requested_token_type
 *   urn:shopify:params:oauth:token-type:{offline,online}-access-token, expiring "1"|"0".
 * - refresh: grant_type=refresh_token, refresh_token (rotates: the old refresh token dies).
 * - authorization code: code (no grant_type), from /admin/oauth/authorize.
 */

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Where issued access tokens go so the Admin API accepts them (the store's token registry). */
export interface AccessTokenSink {
  /** Register `token` for `shop` with `scopes`; `expiresAt` ms epoch or null for non-expiring. */
  register(shop: string, token: string, scopes: string[], expiresAt: number | null): void;
  /** Revoke one token (refresh rotation does not revoke; uninstall does). */
  revoke?(shop: string, token: string): void;
  /** Does this shop exist in the stand-in? */
  hasShop(shop: string): boolean;
  /** Called on a successful exchange/code grant: the app is now installed on the shop. */
  markInstalled?(shop: string, scopes: string[]): void;
}

export interface OAuthOptions {
  apiKey: string;
  apiSecret: string;
  /** Scopes Shopify grants (shopify.app.toml access_scopes.scopes). */
  scopes: string[];
  tokens: AccessTokenSink;
  /** Expiring offline access token lifetime (Shopify: 60 minutes). */
  offlineTtlSeconds?: number;
  /** Refresh token lifetime (Shopify: 90 days). */
  refreshTtlSeconds?: number;
  /** Online token lifetime (Shopify: ~24 h, tied to the staff session). */
  onlineTtlSeconds?: number;
  now?: () => number;
}

interface RefreshRecord {
  shop: string;
  expiresAt: number;
  scopes: string[];
}

export interface IssuedToken {
  shop: string;
  accessToken: string;
  kind: "offline" | "offline-expiring" | "online";
  expiresAt: number | null;
  refreshToken?: string;
  userId?: number;
}

export class OAuthServer {
  private refreshTokens = new Map<string, RefreshRecord>();
  private codes = new Map<string, { shop: string; expiresAt: number; scopes: string[] }>();
  readonly issued: IssuedToken[] = [];
  readonly opts: Required<Omit<OAuthOptions, "now">> & { now: () => number };

  constructor(opts: OAuthOptions) {
    this.opts = {
      offlineTtlSeconds: 3600,
      refreshTtlSeconds: 90 * 24 * 3600,
      onlineTtlSeconds: 86399,
      now: () => Date.now(),
      ...opts,
    };
  }

  /** POST /store/{handle}/admin/oauth/access_token */
  async accessToken(shop: string, request: Request): Promise<Response> {
    if (request.method !== "POST") return oauthError(405, "invalid_request", "POST required");
    const body = await readBody(request);
    if (body.client_id !== this.opts.apiKey || body.client_secret !== this.opts.apiSecret) {
      return oauthError(401, "invalid_client", "Client authentication failed");
    }
    if (!this.opts.tokens.hasShop(shop)) return oauthError(404, "invalid_request", `Shop ${shop} not found`);
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) return this.exchange(shop, body);
    if (body.grant_type === "refresh_token") return this.refresh(shop, body);
    if (!body.grant_type && body.code) return this.codeGrant(shop, body);
    return oauthError(400, "unsupported_grant_type", `Unsupported grant_type ${body.grant_type ?? "(none)"}`);
  }

  private async exchange(shop: string, body: Record<string, string>): Promise<Response> {
    if (body.subject_token_type !== ID_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", "subject_token_type must be an id_token");
    }
    let claims;
    try {
      claims = await verifySessionToken(body.subject_token ?? "", { apiKey: this.opts.apiKey, apiSecret: this.opts.apiSecret });
    } catch (e) {
      return oauthError(400, "invalid_subject_token", `Invalid subject token: ${(e as Error).message}`);
    }
    if (shopFromDest(claims.dest) !== shop) {
      return oauthError(400, "invalid_subject_token", "Subject token is for another shop");
    }
    const scopes = this.opts.scopes;
    this.opts.tokens.markInstalled?.(shop, scopes);
    if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
      const userId = Number(claims.sub ?? DEFAULT_STAFF_USER.id);
      return json(this.issueOnline(shop, userId));
    }
    if (body.requested_token_type === OFFLINE_TOKEN_TYPE) {
      return json(this.issueOffline(shop, body.expiring === "1"));
    }
    return oauthError(400, "invalid_request", "requested_token_type must be an online or offline access token");
  }

  private refresh(shop: string, body: Record<string, string>): Response {
    const rec = this.refreshTokens.get(body.refresh_token ?? "");
    if (!rec || rec.shop !== shop) return oauthError(400, "invalid_grant", "Refresh token is invalid");
    this.refreshTokens.delete(body.refresh_token!);
    if (rec.expiresAt <= this.opts.now()) return oauthError(400, "invalid_grant", "Refresh token has expired");
    return json(this.issueOffline(shop, true));
  }

  private codeGrant(shop: string, body: Record<string, string>): Response {
    const rec = this.codes.get(body.code);
    this.codes.delete(body.code);
    if (!rec || rec.shop !== shop || rec.expiresAt <= this.opts.now()) {
      return oauthError(400, "invalid_grant", "Authorization code is invalid or expired");
    }
    this.opts.tokens.markInstalled?.(shop, rec.scopes);
    return json(this.issueOffline(shop, body.expiring === "1"));
  }

  /** Issue an offline token directly (kit helpers; same path as a grant). */
  issueOffline(shop: string, expiring: boolean) {
    const now = this.opts.now();
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const scopes = this.opts.scopes;
    if (!expiring) {
      this.opts.tokens.register(shop, accessToken, scopes, null);
      this.issued.push({ shop, accessToken, kind: "offline", expiresAt: null });
      return { access_token: accessToken, scope: scopes.join(",") };
    }
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    const expiresAt = now + this.opts.offlineTtlSeconds * 1000;
    this.opts.tokens.register(shop, accessToken, scopes, expiresAt);
    this.refreshTokens.set(refreshToken, { shop, scopes, expiresAt: now + this.opts.refreshTtlSeconds * 1000 });
    this.issued.push({ shop, accessToken, kind: "offline-expiring", expiresAt, refreshToken });
    return {
      access_token: accessToken,
      scope: scopes.join(","),
      expires_in: this.opts.offlineTtlSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: this.opts.refreshTtlSeconds,
    };
  }

  issueOnline(shop: string, userId: number) {
    const accessToken = `shpua_${randomBytes(16).toString("hex")}`;
    const scopes = this.opts.scopes;
    const expiresAt = this.opts.now() + this.opts.onlineTtlSeconds * 1000;
    this.opts.tokens.register(shop, accessToken, scopes, expiresAt);
    this.issued.push({ shop, accessToken, kind: "online", expiresAt, userId });
    return {
      access_token: accessToken,
      scope: scopes.join(","),
      expires_in: this.opts.onlineTtlSeconds,
      associated_user_scope: scopes.join(","),
      session: randomBytes(16).toString("hex"),
      account_number: 0,
      associated_user: { ...DEFAULT_STAFF_USER, id: userId },
    };
  }

  /** Forget every refresh token of a shop (app/uninstalled). */
  forgetShop(shop: string) {
    for (const [k, v] of this.refreshTokens) if (v.shop === shop) this.refreshTokens.delete(k);
    for (const t of this.issued) if (t.shop === shop) this.opts.tokens.revoke?.(shop, t.accessToken);
  }

  /**
   * GET /store/{handle}/admin/oauth/authorize — the merchant approves at once (no consent
   * screen) and is sent to redirect_uri with code, hmac, host, shop, state, timestamp.
   */
  authorize(shop: string, url: URL): Response {
    const clientId = url.searchParams.get("client_id");
    const redirectUri = url.searchParams.get("redirect_uri");
    if (clientId !== this.opts.apiKey) return new Response("Unknown client_id", { status: 400 });
    if (!redirectUri) return new Response("redirect_uri is required", { status: 400 });
    if (!this.opts.tokens.hasShop(shop)) return new Response("Shop not found", { status: 404 });
    const code = randomBytes(16).toString("hex");
    const requested = (url.searchParams.get("scope") ?? "").split(",").filter(Boolean);
    this.codes.set(code, { shop, expiresAt: this.opts.now() + 10 * 60_000, scopes: requested.length ? requested : this.opts.scopes });
    const handle = shop.replace(/\.myshopify\.com$/, "");
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url"),
      shop,
      state: url.searchParams.get("state") ?? "",
      timestamp: String(Math.floor(this.opts.now() / 1000)),
    };
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
    target.searchParams.set("hmac", adminQueryHmac(params, this.opts.apiSecret));
    return new Response(null, { status: 302, headers: { Location: target.toString() } });
  }
}

/** Shopify's admin-request HMAC: sorted key=value pairs joined by `&`, hex HMAC-SHA256. */
export function adminQueryHmac(params: Record<string, string>, secret: string): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort((a, b) => a.localeCompare(b))) q.append(k, params[k]);
  return createHmac("sha256", secret).update(q.toString().replace(/\+/g, "%20")).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function readBody(request: Request): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (type.includes("application/json")) {
    try {
      const parsed = JSON.parse(text);
      return Object.fromEntries(Object.entries(parsed ?? {}).map(([k, v]) => [k, v == null ? "" : String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } });
}

function oauthError(status: number, error: string, description: string): Response {
  return json({ error, error_description: description }, status);
}
