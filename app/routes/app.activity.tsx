// Admin page "Activity" (app/components/ActivityPage.tsx): recent stock events, rebalances only,
// and one SKU's timeline across its group. The URL is parsed with zod.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActivityPage } from "../components/ActivityPage";
import { locationKey, locationLabels, productLabels } from "../exceptions/labels.server";
import { authenticate } from "../shopify.server";
import { groupsOfShop } from "../sync/access.server";
import { shopFeed, skuTimeline } from "../sync/admin.server";
import { orNotFound } from "../sync/route-helpers.server";

export const meta = () => [{ title: "Activity · Stockroom" }];

const PAGE = 50;

const Search = z.object({
  sku: z.string().trim().max(200).optional().catch(undefined),
  group: z.string().max(64).optional().catch(undefined),
  show: z.literal("rebalances").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = Search.parse(Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== "")));
  const groups = await groupsOfShop(session.shop);
  const groupId = q.group ?? groups[0]?.id ?? null;
  const sku = q.sku || null;
  const rebalances = q.show === "rebalances";
  const [timeline, feed] = await Promise.all([
    sku && groupId ? orNotFound(() => skuTimeline(session.shop, groupId, sku)) : null,
    shopFeed(session.shop, { take: PAGE, skip: (q.page - 1) * PAGE, rebalances }),
  ]);
  const [products, locations] = await Promise.all([
    sku ? productLabels(session.shop, [sku]) : {},
    timeline ? locationLabels(timeline.links.map((l) => ({ groupId: l.groupId, locationId: l.locationId }))) : {},
  ]);
  const iso = <T extends { createdAt: Date }>(e: T) => ({ ...e, createdAt: e.createdAt.toISOString() });
  return {
    groupId,
    hasGroup: groups.length > 0,
    sku,
    product: sku ? (products as Record<string, string>)[sku] ?? null : null,
    timeline: timeline && {
      item: timeline.item && { pool: timeline.item.pool, version: timeline.item.version, allocating: timeline.item.allocating, paused: timeline.item.paused },
      links: timeline.links.map((l) => ({ shop: l.shop, location: (locations as Record<string, string>)[locationKey(l.groupId, l.locationId)] ?? l.shop, lastSeen: l.lastSeen })),
      events: timeline.events.map(iso),
    },
    feed: feed.rows.map(iso),
    total: feed.total,
    page: q.page,
    pages: Math.max(1, Math.ceil(feed.total / PAGE)),
    rebalances,
  };
};

export default function Activity() {
  return <ActivityPage data={useLoaderData<typeof loader>()} />;
}
