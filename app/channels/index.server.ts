// Outbound channels, composed with the production dependencies: jobs, the "endpoint paused"
// alert trigger, the delivery KPI, the setup checklist item and shop/redact.
import { z } from "zod";
import { registerTrigger } from "../alerts/triggers.server";
import { registerKpi } from "../kpi/registry.server";
import { countSummary } from "../kpi/summaries";
import { registerShopData } from "../privacy/registry.server";
import { queue } from "../queue/index.server";
import { outboundPolicyFromEnv } from "../security/safe-fetch.server";
import { registerChecklistItem } from "../setup/checklist.server";
import prisma from "../db.server";
import type { ChannelDeps } from "./deps";
import { eraseShopChannels } from "./endpoints.server";
import { registerChannelJobs, scheduleChannelTail } from "./jobs.server";

export const productionChannelDeps: ChannelDeps = { queue, outbound: () => outboundPolicyFromEnv() };

registerChannelJobs(productionChannelDeps);

let scheduled: Promise<void> | null = null;
export function ensureChannelSchedules(): Promise<void> {
  scheduled ??= scheduleChannelTail(productionChannelDeps).catch(() => {
    scheduled = null;
  });
  return scheduled;
}

registerTrigger({
  id: "endpoint_paused",
  label: "An outbound endpoint is paused",
  order: 80,
  params: z.object({}),
  describe: () => "An outbound channel endpoint kept failing and was paused",
  async evaluate({ shop, db }) {
    const rows = await db.channelEndpoint.findMany({ where: { shop, status: "paused" } });
    return rows.map((e) => ({ key: e.id, title: `Endpoint "${e.name}" is paused`, detail: e.pausedReason ?? undefined, link: `/app/channels?endpoint=${e.id}` }));
  },
});

registerKpi({
  id: "channel_deliveries_failed",
  title: "Failed outbound deliveries",
  definition: "Deliveries to outbound endpoints that are retrying, paused or dead-lettered.",
  format: "count",
  better: "lower",
  combine: "latest",
  currentOnly: true,
  order: 91,
  summarize: countSummary({ combine: "latest" }),
  async aggregate({ scope, db }) {
    const num = await db.channelDelivery.count({ where: { shop: scope.shop, status: { in: ["retrying", "paused", "dead"] } } });
    return { num, den: 0 };
  },
});

registerChecklistItem({
  id: "channel_endpoint",
  order: 60,
  async check(shop) {
    const n = await prisma.channelEndpoint.count({ where: { shop } });
    return { title: "Send stock events to your ERP or marketplace", description: "Register an endpoint: it receives signed stock and exception events.", state: n ? "done" : "todo", action: { label: "Open Channels", url: "/app/channels" } };
  },
});

registerShopData({ name: "channels", eraseShop: eraseShopChannels });
