import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

/** One webhook subscription: from shopify.app.toml (`uri` relative to the app URL) or the API. */
export interface Subscription {
  id: string;
  topic: string;
  /** Absolute callback URL (toml `uri` resolved against the app URL) */
  callbackUrl: string;
  source: "toml" | "api";
  /** Shop it applies to; toml subscriptions apply to every shop with the app installed. */
  shop?: string;
  format: "json";
  apiVersion: string;
  /** toml `include_fields` / API includeFields */
  includeFields?: string[];
  compliance?: boolean;
}

export interface AppToml {
  clientId?: string;
  applicationUrl?: string;
  scopes: string[];
  webhooksApiVersion: string;
  subscriptions: { topics: string[]; uri: string; compliance: boolean; includeFields?: string[] }[];
  appProxy?: { url: string; prefix: string; subpath: string };
}

export function readAppToml(path: string): AppToml {
  return parseAppToml(readFileSync(path, "utf8"));
}

export function parseAppToml(text: string): AppToml {
  const doc = parse(text) as Record<string, any>;
  const webhooks = (doc.webhooks ?? {}) as Record<string, any>;
  const subs: AppToml["subscriptions"] = [];
  for (const s of (webhooks.subscriptions ?? []) as Record<string, any>[]) {
    const uri = String(s.uri ?? "");
    if (Array.isArray(s.topics) && s.topics.length) {
      subs.push({ topics: s.topics.map(String), uri, compliance: false, includeFields: s.include_fields });
    }
    if (Array.isArray(s.compliance_topics) && s.compliance_topics.length) {
      subs.push({ topics: s.compliance_topics.map(String), uri, compliance: true });
    }
  }
  const proxy = doc.app_proxy as Record<string, string> | undefined;
  return {
    clientId: doc.client_id,
    applicationUrl: doc.application_url,
    scopes: String(doc.access_scopes?.scopes ?? "")
      .split(",")
      .map((s: string) => s.trim())
      .filter(Boolean),
    webhooksApiVersion: String(webhooks.api_version ?? "2026-10"),
    subscriptions: subs,
    appProxy: proxy ? { url: proxy.url, prefix: proxy.prefix, subpath: proxy.subpath } : undefined,
  };
}

/** toml subscriptions resolved against the app URL (as the CLI does for a relative `uri`). */
export function tomlSubscriptions(toml: AppToml, appUrl: string): Subscription[] {
  const out: Subscription[] = [];
  let n = 0;
  for (const s of toml.subscriptions) {
    for (const topic of s.topics) {
      out.push({
        id: `toml-${++n}`,
        topic,
        callbackUrl: resolveUri(s.uri, appUrl, toml.applicationUrl),
        source: "toml",
        format: "json",
        apiVersion: toml.webhooksApiVersion,
        includeFields: s.includeFields,
        compliance: s.compliance,
      });
    }
  }
  return out;
}

/**
 * A toml `uri` as the stand-in delivers it: relative → on the app URL; absolute on the toml's
 * application_url host → the same path on the local app URL; other absolute URLs unchanged.
 */
function resolveUri(uri: string, appUrl: string, applicationUrl?: string): string {
  const base = appUrl.replace(/\/$/, "");
  if (!/^https?:\/\//.test(uri)) return `${base}${uri.startsWith("/") ? "" : "/"}${uri}`;
  if (applicationUrl && new URL(uri).origin === new URL(applicationUrl).origin) {
    const u = new URL(uri);
    return `${base}${u.pathname}${u.search}`;
  }
  return uri;
}

/** GraphQL enum (ORDERS_CREATE) ⇄ REST topic (orders/create). */
export function topicFromEnum(e: string): string {
  const known: Record<string, string> = { APP_UNINSTALLED: "app/uninstalled", APP_SCOPES_UPDATE: "app/scopes_update" };
  if (known[e]) return known[e];
  const parts = e.toLowerCase().split("_");
  // resource names may themselves contain underscores: inventory_levels_update → inventory_levels/update
  const action = parts.pop()!;
  return `${parts.join("_")}/${action}`;
}
export function topicToEnum(t: string): string {
  return t.replace("/", "_").toUpperCase();
}
