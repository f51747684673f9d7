// The Overview's setup checklist. Each item ticks itself from real state; what the app cannot
// see (the theme block, without theme access) the merchant confirms. Features add items with
// registerChecklistItem (feeds and channels when they land).
import prisma from "../db.server";

export type ChecklistState = "done" | "todo" | "confirm";

export interface ChecklistItem {
  id: string;
  title: string;
  description: string;
  state: ChecklistState;
  action: { label: string; url: string; external?: boolean };
}

export interface ChecklistDefinition {
  id: string;
  order: number;
  check(shop: string): Promise<Omit<ChecklistItem, "id">>;
}

const items = new Map<string, ChecklistDefinition>();

export function registerChecklistItem(def: ChecklistDefinition): void {
  items.set(def.id, def);
}

export async function setupChecklist(shop: string): Promise<ChecklistItem[]> {
  const defs = [...items.values()].sort((a, b) => a.order - b.order);
  return Promise.all(defs.map(async (d) => ({ id: d.id, ...(await d.check(shop)) })));
}

export const WIDGET_BLOCK_ITEM = "widget_block";

export async function confirmSetupItem(shop: string, item: string, by: string): Promise<void> {
  await prisma.setupConfirmation.upsert({ where: { shop_item: { shop, item } }, create: { shop, item, confirmedBy: by }, update: { confirmedBy: by, confirmedAt: new Date() } });
}

async function groupsOf(shop: string) {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } });
  if (!members.length) return [];
  const groups = await prisma.syncGroup.findMany({ where: { id: { in: members.map((m) => m.groupId) } }, select: { id: true, status: true } });
  const counts = await prisma.syncMember.groupBy({ by: ["groupId"], where: { groupId: { in: groups.map((g) => g.id) }, status: "active" }, _count: { _all: true } });
  return groups.map((g) => ({ ...g, members: counts.find((c) => c.groupId === g.id)?._count._all ?? 0 }));
}

registerChecklistItem({
  id: "stores_linked",
  order: 10,
  async check(shop) {
    const linked = (await groupsOf(shop)).some((g) => g.members >= 2);
    return { title: "Link your stores", description: "Create a sync group and let your other store join it with a share key.", state: linked ? "done" : "todo", action: { label: "Open Sync", url: "/app/sync" } };
  },
});

registerChecklistItem({
  id: "sync_enabled",
  order: 20,
  async check(shop) {
    const on = (await groupsOf(shop)).some((g) => g.status === "active" && g.members >= 2);
    return { title: "Turn sync on", description: "Review the SKU preview and enable the group: stock then follows every sale.", state: on ? "done" : "todo", action: { label: "Open Sync", url: "/app/sync" } };
  },
});

registerChecklistItem({
  id: WIDGET_BLOCK_ITEM,
  order: 30,
  async check(shop) {
    const confirmed = await prisma.setupConfirmation.findUnique({ where: { shop_item: { shop, item: WIDGET_BLOCK_ITEM } } });
    const url = `https://${shop}/admin/themes/current/editor?template=product&addAppBlockId=${process.env.SHOPIFY_API_KEY}/stock&target=mainSection`;
    return {
      title: "Add the stock widget to your product page",
      description: confirmed ? "You confirmed the block is in your theme." : "Add the Stockroom block in the theme editor, then confirm here (the app has no access to your theme).",
      state: confirmed ? "done" : "confirm",
      action: { label: "Open theme editor", url, external: true },
    };
  },
});

registerChecklistItem({
  id: "survey_on",
  order: 40,
  async check(shop) {
    const on = await prisma.survey.count({ where: { shop, enabled: true } });
    return { title: "Turn on the post-purchase survey", description: "Ask buyers one short question on the Thank you page.", state: on ? "done" : "todo", action: { label: "Open Surveys", url: "/app/surveys" } };
  },
});

registerChecklistItem({
  id: "alerts_configured",
  order: 50,
  async check(shop) {
    const [channels, rules] = await Promise.all([prisma.alertChannel.count({ where: { shop } }), prisma.alertRule.count({ where: { shop, enabled: true } })]);
    return { title: "Get alerted", description: "Send trouble to an email address or a Slack channel.", state: channels && rules ? "done" : "todo", action: { label: "Open Alerts", url: "/app/alerts" } };
  },
});
