// Turns each rule's troubles into alerts: a trouble that appears opens one incident and one
// message per channel; while it lasts, a reminder at most hourly; when it clears, a resolved
// message. Runs per shop on a schedule (serialized per shop by the queue's ordering key).
import type { PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { queue } from "../queue/index.server";
import { registerJob } from "../queue/registry.server";
import { enqueueDeliveries } from "./deliver.server";
import { alertTrigger } from "./triggers.server";

export const ALERTS_EVALUATE_ALL_JOB = "alerts.evaluate-all";
export const ALERTS_EVALUATE_SHOP_JOB = "alerts.evaluate-shop";
export const ALERTS_SCHEDULE = "alerts-evaluate";
export const ALERTS_INTERVAL_MS = Number(process.env.ALERTS_INTERVAL_MS ?? 60_000);
export const REPEAT_AFTER_MS = 3_600_000;

export async function scheduleAlerts(intervalMs = ALERTS_INTERVAL_MS): Promise<void> {
  await queue.schedule(ALERTS_SCHEDULE, ALERTS_EVALUATE_ALL_JOB, intervalMs);
}

export interface EvaluationResult {
  opened: number;
  repeated: number;
  resolved: number;
}

export async function evaluateShopAlerts(shop: string, { now = new Date(), db = prisma }: { now?: Date; db?: PrismaClient } = {}): Promise<EvaluationResult> {
  const result: EvaluationResult = { opened: 0, repeated: 0, resolved: 0 };
  const rules = await db.alertRule.findMany({ where: { shop, enabled: true } });
  for (const rule of rules) {
    const def = alertTrigger(rule.trigger);
    if (!def) continue;
    const params = def.params.parse(JSON.parse(rule.params));
    let troubles;
    try {
      troubles = await def.evaluate({ shop, params, since: rule.createdAt, now, db });
    } catch (error) {
      log("warn", "alert trigger failed", { shop, rule: rule.id, trigger: rule.trigger, error: String(error) });
      continue;
    }
    const open = await db.alertIncident.findMany({ where: { shop, ruleId: rule.id, status: "open" } });
    const seen = new Set<string>();
    for (const t of troubles) {
      seen.add(t.key);
      const existing = open.find((i) => i.troubleKey === t.key);
      if (!existing) {
        const incident = await db.alertIncident
          .create({ data: { shop, ruleId: rule.id, trigger: rule.trigger, troubleKey: t.key, openKey: `${rule.id}|${t.key}`, title: t.title, detail: t.detail ?? "", openedAt: now, lastSeenAt: now, lastNotifiedAt: now, notifications: 1 } })
          .catch((e) => {
            if ((e as { code?: string }).code === "P2002") return null; // another evaluation won
            throw e;
          });
        if (!incident) continue;
        await enqueueDeliveries(shop, { incidentId: incident.id, kind: "opened", title: t.title, detail: t.detail, link: t.link }, db);
        result.opened++;
      } else if (now.getTime() - (existing.lastNotifiedAt ?? existing.openedAt).getTime() >= REPEAT_AFTER_MS) {
        await db.alertIncident.update({ where: { id: existing.id }, data: { lastSeenAt: now, lastNotifiedAt: now, notifications: { increment: 1 }, title: t.title, detail: t.detail ?? "" } });
        await enqueueDeliveries(shop, { incidentId: existing.id, kind: "repeat", title: t.title, detail: t.detail, link: t.link, since: existing.openedAt }, db);
        result.repeated++;
      } else {
        await db.alertIncident.update({ where: { id: existing.id }, data: { lastSeenAt: now, title: t.title, detail: t.detail ?? "" } });
      }
    }
    for (const gone of open.filter((i) => !seen.has(i.troubleKey))) {
      await db.alertIncident.update({ where: { id: gone.id }, data: { status: "resolved", openKey: null, resolvedAt: now } });
      await enqueueDeliveries(shop, { incidentId: gone.id, kind: "resolved", title: gone.title, since: gone.openedAt }, db);
      result.resolved++;
    }
  }
  return result;
}

/** One evaluation job per shop that has rules, serialized per shop. */
export async function evaluateAllShops(now = new Date()): Promise<number> {
  const shops = await prisma.alertRule.findMany({ where: { enabled: true }, distinct: ["shop"], select: { shop: true } });
  const slot = Math.floor(now.getTime() / ALERTS_INTERVAL_MS);
  for (const { shop } of shops) {
    await queue.enqueue({ name: ALERTS_EVALUATE_SHOP_JOB, payload: { shop }, shop, orderingKey: `alerts|${shop}`, dedupeKey: `alerts:${shop}:${slot}`, maxAttempts: 2 });
  }
  return shops.length;
}

registerJob(ALERTS_EVALUATE_ALL_JOB, async () => {
  await evaluateAllShops();
});

registerJob<{ shop: string }>(ALERTS_EVALUATE_SHOP_JOB, async ({ shop }) => {
  await evaluateShopAlerts(shop);
});
