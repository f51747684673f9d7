// Triggers built on the app's own facts: exceptions opened / overdue / oversells, Admin API
// success over 15 minutes, and the webhook backlog.
import { z } from "zod";
import { counterTotals } from "../kpi/counters.server";
import { counterBucket } from "../kpi/buckets";
import { ADMIN_CALLS_FACT } from "../kpi/facts";
import { EXCEPTION_CLASSES } from "../sync/exception-classes";
import { registerTrigger, type TriggerArgs } from "./triggers.server";

async function visibleOpenExceptions({ shop, db }: Pick<TriggerArgs<unknown>, "shop" | "db">, where: object) {
  const groups = await db.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } });
  return db.syncException.findMany({
    where: { AND: [{ status: "open" }, { OR: [{ groupId: { in: groups.map((g) => g.groupId) } }, { groupId: null, shop }] }, where] },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
}

const label = (cls: string) => cls.replaceAll("_", " ");

registerTrigger({
  id: "exception_opened",
  label: "An exception of a class opens",
  order: 10,
  params: z.object({ class: z.enum([...EXCEPTION_CLASSES, "any"]).default("any") }),
  describe: (p) => (p.class === "any" ? "Any exception opens" : `A ${label(p.class)} exception opens`),
  async evaluate(args) {
    const rows = await visibleOpenExceptions(args, { createdAt: { gte: args.since }, ...(args.params.class === "any" ? {} : { class: args.params.class }) });
    return rows.map((e) => ({ key: e.id, title: `${label(e.class)}: ${e.title}`, detail: `Owner: ${e.owner ?? "nobody yet"}. SLA due ${e.slaDueAt.toISOString()}.`, link: `/app/exceptions?id=${e.id}` }));
  },
});

registerTrigger({
  id: "sla_overdue",
  label: "An exception passes its SLA",
  order: 20,
  params: z.object({}),
  describe: () => "An open exception is past its SLA (escalation)",
  async evaluate(args) {
    const rows = await visibleOpenExceptions(args, { slaDueAt: { lt: args.now } });
    return rows.map((e) => ({
      key: e.id,
      title: `SLA overdue: ${e.title}`,
      detail: `${label(e.class)} exception owned by ${e.owner ?? "nobody"} was due ${e.slaDueAt.toISOString()}.`,
      link: `/app/exceptions?id=${e.id}`,
    }));
  },
});

registerTrigger({
  id: "oversell_detected",
  label: "An oversell is detected",
  order: 30,
  params: z.object({}),
  describe: () => "Orders took more units than the pool had",
  async evaluate(args) {
    const rows = await visibleOpenExceptions(args, { class: "oversell" });
    return rows.map((e) => ({ key: e.id, title: `Oversell: ${e.title}`, detail: e.detail || undefined, link: `/app/exceptions?id=${e.id}` }));
  },
});

const WINDOW_MS = 15 * 60_000;

registerTrigger({
  id: "api_success_below",
  label: "Admin API success falls below a rate",
  order: 40,
  params: z.object({ percent: z.coerce.number().min(1).max(100).default(99), minRequests: z.coerce.number().int().min(1).default(20) }),
  describe: (p) => `Admin API success below ${p.percent} % over 15 minutes (at least ${p.minRequests} requests)`,
  async evaluate({ shop, params, now, db }) {
    const t = await counterTotals(db, shop, ADMIN_CALLS_FACT, counterBucket(new Date(now.getTime() - WINDOW_MS)), new Date(now.getTime() + 1));
    if (t.den < params.minRequests) return [];
    const rate = (t.num / t.den) * 100;
    if (rate >= params.percent) return [];
    return [{ key: "api_success", title: `Admin API success ${rate.toFixed(1)} % over 15 minutes (below ${params.percent} %)`, detail: `${t.den - t.num} of ${t.den} requests failed.` }];
  },
});

registerTrigger({
  id: "webhook_backlog",
  label: "Webhooks wait too long",
  order: 50,
  params: z.object({ minutes: z.coerce.number().int().min(1).max(24 * 60).default(5) }),
  describe: (p) => `A webhook is unprocessed for more than ${p.minutes} min`,
  async evaluate({ shop, params, now, db }) {
    const limit = new Date(now.getTime() - params.minutes * 60_000);
    const [oldest, waiting] = await Promise.all([
      db.webhookInbox.findFirst({ where: { shop, status: "received" }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
      db.webhookInbox.count({ where: { shop, status: "received", receivedAt: { lt: limit } } }),
    ]);
    if (!oldest || oldest.receivedAt >= limit) return [];
    const minutes = Math.round((now.getTime() - oldest.receivedAt.getTime()) / 60_000);
    return [{ key: "webhook_backlog", title: `Webhook backlog: oldest delivery waiting ${minutes} min`, detail: `${waiting} deliveries older than ${params.minutes} min are not processed yet.`, link: "/app" }];
  },
});
