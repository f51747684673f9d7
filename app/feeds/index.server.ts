// Inbound feeds, composed with the production dependencies: jobs, the "feed stale" alert
// trigger, the stale-feed KPI, the setup checklist item and shop/redact.
import { z } from "zod";
import { adminClientFor } from "../admin/shop-client.server";
import { registerTrigger } from "../alerts/triggers.server";
import { registerKpi } from "../kpi/registry.server";
import { countSummary } from "../kpi/summaries";
import { registerShopData } from "../privacy/registry.server";
import { queue } from "../queue/index.server";
import { outboundPolicyFromEnv } from "../security/safe-fetch.server";
import { registerChecklistItem } from "../setup/checklist.server";
import prisma from "../db.server";
import type { FeedDeps } from "./deps";
import { eraseShopFeeds } from "./feeds.server";
import { registerFeedJobs, scheduleFeedTick } from "./jobs.server";
import { isStale } from "./stale.server";

export const productionFeedDeps: FeedDeps = { admin: adminClientFor, queue, outbound: () => outboundPolicyFromEnv() };

registerFeedJobs(productionFeedDeps);

let scheduled: Promise<void> | null = null;
export function ensureFeedSchedules(): Promise<void> {
  scheduled ??= scheduleFeedTick(productionFeedDeps).catch(() => {
    scheduled = null;
  });
  return scheduled;
}

registerTrigger({
  id: "feed_stale",
  label: "A feed goes stale",
  order: 70,
  params: z.object({}),
  describe: () => "A feed's last applied run is older than its max age",
  async evaluate({ shop, db, now }) {
    const feeds = await db.feed.findMany({ where: { shop, status: "active" } });
    return feeds.filter((f) => isStale(f, now)).map((f) => ({ key: f.id, title: `Feed "${f.name}" is stale`, detail: `No fresh run for more than ${f.maxAgeMinutes} minutes.`, link: `/app/feeds?feed=${f.id}` }));
  },
});

registerKpi({
  id: "stale_feeds",
  title: "Stale feeds",
  definition: "Active feeds whose last applied run is older than their max age.",
  format: "count",
  better: "lower",
  combine: "latest",
  currentOnly: true,
  order: 90,
  summarize: countSummary({ combine: "latest" }),
  async aggregate({ scope, to, db }) {
    const feeds = await db.feed.findMany({ where: { shop: scope.shop, status: "active" }, select: { lastAppliedAt: true, createdAt: true, maxAgeMinutes: true } });
    if (!feeds.length) return null;
    return { num: feeds.filter((f) => isStale(f, to)).length, den: feeds.length };
  },
});

registerChecklistItem({
  id: "feed_connected",
  order: 50,
  async check(shop) {
    const n = await prisma.feed.count({ where: { shop } });
    return { title: "Connect a supplier or warehouse feed", description: "Upload a CSV, give a URL to poll, or push to the feed's endpoint; every run shows a dry run first.", state: n ? "done" : "todo", action: { label: "Open Feeds", url: "/app/feeds" } };
  },
});

registerShopData({ name: "feeds", eraseShop: eraseShopFeeds });
