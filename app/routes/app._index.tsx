// Home page (Overview): setup guide, sync health, KPI tiles. The KPIs come from the rollup
// table only (app/kpi); a stale rollup is refreshed in the background.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { z } from "zod";
import { OverviewPage } from "../components/OverviewPage";
import prisma from "../db.server";
import { syncHealth } from "../health.server";
import { parseRange } from "../kpi/buckets";
import { kpiTiles, requestRollupIfStale } from "../kpi/index.server";
import { ensureOpsSchedules } from "../ops-schedules.server";
import { deadLetters, deadLetterAction, DeadLetterIntent } from "../queue/dead-letters-action.server";
import { staffMember } from "../owners/staff.server";
import { confirmSetupItem, setupChecklist, WIDGET_BLOCK_ITEM } from "../setup/checklist.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];
export const meta = () => [{ title: "Overview · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const range = parseRange(new URL(request.url).searchParams.get("range"));
  void ensureOpsSchedules();
  // In the background: a stale rollup is refreshed for the next visit.
  void requestRollupIfStale(shop).catch(() => undefined);
  const [tiles, checklist, health, info, last, dead] = await Promise.all([
    kpiTiles(shop, range),
    setupChecklist(shop),
    syncHealth(shop),
    prisma.shop.findUnique({ where: { domain: shop }, select: { name: true, currencyCode: true } }),
    prisma.kpiRollup.findFirst({ where: { shop, grain: "hour" }, orderBy: { bucket: "desc" }, select: { updatedAt: true } }),
    deadLetters(shop),
  ]);
  return { shopName: info?.name ?? shop, currency: info?.currencyCode ?? "USD", range, checklist, health, tiles, rolledUpAt: last?.updatedAt.toISOString() ?? null, dead };
};

const Intent = z.discriminatedUnion("intent", [z.object({ intent: z.literal("confirm_setup"), item: z.literal(WIDGET_BLOCK_ITEM) }), ...DeadLetterIntent.options]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = Intent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { ok: false as const, error: "Unknown action" };
  if (parsed.data.intent !== "confirm_setup") return deadLetterAction(session.shop, parsed.data);
  await confirmSetupItem(session.shop, parsed.data.item, staffMember(session));
  return { ok: true as const };
};

export default function Overview() {
  return <OverviewPage data={useLoaderData<typeof loader>()} />;
}
