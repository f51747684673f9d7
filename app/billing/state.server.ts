// The shop's plan as Shopify reports it: from billing.check on the Plans page and from
// app_subscriptions/update webhooks. A subscription that ends (cancelled, declined, expired) or
// freezes drops the shop to Free limits; its data stays, and groups above the limits pause.
import prisma from "../db.server";
import { log } from "../log.server";
import { setGroupStatus } from "../sync/settings.server";
import { productionSyncDeps } from "../sync/production.server";
import type { TopicEvent } from "../webhooks/topic-event";
import { groupSkuCount } from "./gate.server";
import { planLimits } from "./limits.server";
import { planByName, type PlanId } from "./plans";

/** What the library's billing.check returns about one subscription (the fields used here). */
export interface CheckedSubscription {
  id: string;
  name: string;
  status: string;
  test: boolean;
  trialDays: number;
  createdAt: string;
  currentPeriodEnd: string | null;
}

const DAY = 86_400_000;

function trialEnd(s: Pick<CheckedSubscription, "createdAt" | "trialDays">): Date | null {
  return s.trialDays > 0 ? new Date(Date.parse(s.createdAt) + s.trialDays * DAY) : null;
}

/** Records the result of billing.check (the active subscriptions of the app on the shop). */
export async function recordCheck(shop: string, subscriptions: CheckedSubscription[]): Promise<PlanId> {
  const active = subscriptions.filter((s) => s.status === "ACTIVE" && planByName(s.name)).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (active) {
    const data = {
      plan: planByName(active.name)!.id,
      subscriptionId: active.id,
      status: "ACTIVE",
      test: active.test,
      trialEndsAt: trialEnd(active),
      periodEndsAt: active.currentPeriodEnd ? new Date(active.currentPeriodEnd) : null,
    };
    await prisma.shopPlan.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    return data.plan;
  }
  const row = await prisma.shopPlan.findUnique({ where: { shop } });
  // No active subscription: Free (a frozen one is not "active" either; keep its status so the page says so).
  const status = row?.status === "FROZEN" ? "FROZEN" : null;
  await prisma.shopPlan.upsert({ where: { shop }, create: { shop }, update: { plan: "free", status, subscriptionId: status ? row!.subscriptionId : null } });
  await enforcePlan(shop);
  return "free";
}

interface SubscriptionPayload {
  app_subscription: { admin_graphql_api_id: string; name: string; status: string; created_at: string; updated_at: string };
}

/** app_subscriptions/update: activation, replacement, cancellation, decline, expiry, freeze and thaw. */
export async function onSubscriptionUpdate({ shop, payload }: TopicEvent<SubscriptionPayload>) {
  const s = payload.app_subscription;
  const plan = planByName(s.name);
  const row = await prisma.shopPlan.findUnique({ where: { shop } });
  const isCurrent = !row?.subscriptionId || row.subscriptionId === s.admin_graphql_api_id;
  if (s.status === "ACTIVE" && plan) {
    // A late ACTIVE of a subscription that was replaced since is not taken back.
    if (row?.subscriptionId && row.subscriptionId !== s.admin_graphql_api_id && row.status === "ACTIVE" && row.updatedAt > new Date(s.updated_at)) return;
    const data = { plan: plan.id, subscriptionId: s.admin_graphql_api_id, status: "ACTIVE" };
    await prisma.shopPlan.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    return;
  }
  if (!isCurrent) return; // an older subscription ending after its replacement: nothing changes
  if (s.status === "FROZEN" || s.status === "CANCELLED" || s.status === "DECLINED" || s.status === "EXPIRED") {
    const data = { plan: "free", status: s.status, subscriptionId: s.status === "FROZEN" ? s.admin_graphql_api_id : null };
    await prisma.shopPlan.upsert({ where: { shop }, create: { shop, ...data }, update: data });
    await enforcePlan(shop);
  }
}

/**
 * After a downgrade: sync groups the shop owns that are above its plan pause (nothing is
 * deleted; the Sync page shows why, and enabling again is refused until they fit or it upgrades).
 */
export async function enforcePlan(shop: string): Promise<string[]> {
  const { plan } = await planLimits(shop);
  const paused: string[] = [];
  for (const g of await prisma.syncGroup.findMany({ where: { ownerShop: shop, status: "active" } })) {
    const linked = await prisma.syncMember.count({ where: { groupId: g.id, status: "active", shop: { not: shop } } });
    if (linked <= plan.linkedStores && (await groupSkuCount(g.id)) <= plan.skus) continue;
    await setGroupStatus(productionSyncDeps, g.id, shop, "paused");
    paused.push(g.id);
    log("info", "sync group paused: above the plan's limits", { shop, groupId: g.id, plan: plan.id });
  }
  return paused;
}

/** A new shop lands on the plan page once: true the first time (the row is created then). */
export async function firstLanding(shop: string): Promise<boolean> {
  if (await prisma.shopPlan.findUnique({ where: { shop }, select: { shop: true } })) return false;
  await prisma.shopPlan.upsert({ where: { shop }, create: { shop }, update: {} });
  return true;
}
