// A shop's alert channels (email addresses, Slack-compatible incoming webhook URLs) and rules.
import prisma from "../db.server";
import { outboundPolicyFromEnv } from "../security/safe-fetch.server";
import { alertTrigger } from "./triggers.server";

export class AlertSettingsError extends Error {
  override name = "AlertSettingsError";
}

export const MAX_CHANNELS = 10;
export const MAX_RULES = 30;
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

export function checkChannelTarget(kind: string, target: string, env: Record<string, string | undefined> = process.env): string {
  const t = target.trim();
  if (kind === "email") {
    if (!EMAIL.test(t) || t.length > 254) throw new AlertSettingsError("Enter one email address, e.g. ops@example.com");
    return t;
  }
  if (kind === "slack") {
    let url: URL;
    try {
      url = new URL(t);
    } catch {
      throw new AlertSettingsError("Enter the incoming webhook URL, e.g. https://hooks.slack.com/services/…");
    }
    const allowed = outboundPolicyFromEnv(env).allowOrigins ?? [];
    if (url.protocol !== "https:" && !allowed.includes(url.origin)) throw new AlertSettingsError("The webhook URL must use https");
    if (url.username || url.password) throw new AlertSettingsError("The webhook URL must not contain a user name or password");
    return url.toString();
  }
  throw new AlertSettingsError(`Unknown channel kind "${kind}"`);
}

export async function addChannel(shop: string, kind: string, target: string) {
  const checked = checkChannelTarget(kind, target);
  if ((await prisma.alertChannel.count({ where: { shop } })) >= MAX_CHANNELS) throw new AlertSettingsError(`At most ${MAX_CHANNELS} channels`);
  return prisma.alertChannel.create({ data: { shop, kind, target: checked } });
}

export async function removeChannel(shop: string, id: string): Promise<boolean> {
  return (await prisma.alertChannel.deleteMany({ where: { shop, id } })).count > 0;
}

export async function addRule(shop: string, trigger: string, rawParams: Record<string, unknown>) {
  const def = alertTrigger(trigger);
  if (!def) throw new AlertSettingsError(`Unknown trigger "${trigger}"`);
  const parsed = def.params.safeParse(rawParams);
  if (!parsed.success) throw new AlertSettingsError(parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; "));
  if ((await prisma.alertRule.count({ where: { shop } })) >= MAX_RULES) throw new AlertSettingsError(`At most ${MAX_RULES} rules`);
  return prisma.alertRule.create({ data: { shop, trigger, params: JSON.stringify(parsed.data) } });
}

export async function removeRule(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.alertRule.deleteMany({ where: { shop, id } });
  // Its open incidents end without a message: nobody asked for them any more.
  await prisma.alertIncident.updateMany({ where: { shop, ruleId: id, status: "open" }, data: { status: "resolved", openKey: null, resolvedAt: new Date() } });
  return count > 0;
}

export async function setRuleEnabled(shop: string, id: string, enabled: boolean): Promise<boolean> {
  return (await prisma.alertRule.updateMany({ where: { shop, id }, data: { enabled } })).count > 0;
}

/** Everything the Alerts page shows. */
export async function alertSettings(shop: string, { historyTake = 50 } = {}) {
  const [channels, rules, incidents, history] = await Promise.all([
    prisma.alertChannel.findMany({ where: { shop }, orderBy: { createdAt: "asc" } }),
    prisma.alertRule.findMany({ where: { shop }, orderBy: { createdAt: "asc" } }),
    prisma.alertIncident.findMany({ where: { shop, status: "open" }, orderBy: { openedAt: "desc" }, take: 50 }),
    prisma.alertDelivery.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: historyTake }),
  ]);
  return {
    channels,
    rules: rules.map((r) => {
      const def = alertTrigger(r.trigger);
      const params = JSON.parse(r.params) as Record<string, unknown>;
      return { ...r, params, description: def ? def.describe(def.params.parse(params)) : `Unknown trigger ${r.trigger}` };
    }),
    incidents,
    history,
  };
}
