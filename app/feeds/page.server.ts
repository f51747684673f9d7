// What the Feeds page shows and does: list, the selected feed and run, and the intents.
import { z } from "zod";
import prisma from "../db.server";
import { startImport } from "../import/start.server";
import { approveRun, rejectRun } from "./apply.server";
import { FEED_DEFAULTS, type RunSummary } from "./config";
import { FEED_POLL_JOB, type FeedDeps } from "./deps";
import { createFeed, deleteFeed, setFeedStatus, updateThresholds } from "./feeds.server";
import { startRun } from "./plan.server";
import { isStale } from "./stale.server";

export async function feedsPageData(shop: string, sel: { feedId?: string | null; runId?: string | null }, appUrl: string) {
  const feeds = await prisma.feed.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
  const lastRuns = await Promise.all(feeds.map((f) => prisma.feedRun.findFirst({ where: { feedId: f.id }, orderBy: { createdAt: "desc" }, select: { status: true, createdAt: true } })));
  const feed = feeds.find((f) => f.id === sel.feedId) ?? (sel.feedId ? null : (feeds[feeds.length - 1] ?? null));
  const runs = feed ? await prisma.feedRun.findMany({ where: { feedId: feed.id }, orderBy: { createdAt: "desc" }, take: 20 }) : [];
  const run = runs.find((r) => r.id === sel.runId) ?? runs[0] ?? null;
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" }, select: { groupId: true } });
  const groups = await prisma.syncGroup.findMany({ where: { id: { in: members.map((m) => m.groupId) } }, select: { id: true, name: true } });
  const catalogVariants = await prisma.catalogVariant.count({ where: { shop } });
  const importRun = await prisma.importRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" }, select: { status: true } }).catch(() => null);
  return {
    feeds: feeds.map((f, i) => ({
      id: f.id,
      name: f.name,
      source: f.source,
      target: f.target,
      mode: f.mode,
      status: f.status,
      stale: f.status === "active" && isStale(f),
      lastAppliedAt: f.lastAppliedAt?.toISOString() ?? null,
      lastError: f.lastError,
      lastRun: lastRuns[i]?.status ?? null,
    })),
    feed: feed && {
      id: feed.id,
      name: feed.name,
      source: feed.source,
      url: feed.url,
      format: feed.format,
      mode: feed.mode,
      target: feed.target,
      status: feed.status,
      mapping: JSON.parse(feed.mapping) as Record<string, string>,
      zeroPct: feed.zeroPct,
      changePct: feed.changePct,
      maxAgeMinutes: feed.maxAgeMinutes,
      staleBuffer: feed.staleBuffer,
      pollMinutes: feed.pollMinutes,
      lastError: feed.lastError,
      lastFetchedAt: feed.lastFetchedAt?.toISOString() ?? null,
      lastAppliedAt: feed.lastAppliedAt?.toISOString() ?? null,
      buffered: Boolean(feed.bufferRunId),
      pushUrl: `${appUrl.replace(/\/$/, "")}/api/feeds/${feed.id}`,
      pushSecret: feed.source === "push" ? feed.pushSecret : null,
    },
    runs: runs.map((r) => ({ id: r.id, trigger: r.trigger, status: r.status, rowCount: r.rowCount, errorCount: r.errorCount, total: r.total, written: r.written, createdAt: r.createdAt.toISOString() })),
    run: run && {
      id: run.id,
      trigger: run.trigger,
      status: run.status,
      rowCount: run.rowCount,
      total: run.total,
      written: run.written,
      error: run.error,
      contentHash: run.contentHash,
      appliedAt: run.appliedAt?.toISOString() ?? null,
      approvedBy: run.approvedBy,
      exceptionId: run.exceptionId,
      summary: JSON.parse(run.summary) as Partial<RunSummary>,
    },
    groups,
    catalogVariants,
    importStatus: importRun?.status ?? null,
    defaults: FEED_DEFAULTS,
  };
}

const id = z.string().min(1);
const num = z.coerce.number();
export const FeedIntent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string(),
    source: z.enum(["url", "upload", "push"]),
    format: z.enum(["csv", "json"]).default("csv"),
    url: z.string().optional(),
    pollMinutes: z.string().optional(),
    mode: z.enum(["set", "delta"]),
    target: z.enum(["location", "pool"]),
    locationId: z.string().optional(),
    groupId: z.string().optional(),
    keyBy: z.enum(["sku", "barcode"]).default("sku"),
    keyColumn: z.string(),
    quantityColumn: z.string(),
    locationColumn: z.string().optional(),
    delimiter: z.string().optional(),
    zeroPct: z.string().optional(),
    changePct: z.string().optional(),
    maxAgeMinutes: z.string().optional(),
    staleBuffer: z.string().optional(),
  }),
  z.object({ intent: z.literal("upload"), feedId: id }),
  z.object({ intent: z.literal("approve"), runId: id }),
  z.object({ intent: z.literal("reject"), runId: id }),
  z.object({ intent: z.literal("poll"), feedId: id }),
  z.object({ intent: z.literal("pause"), feedId: id }),
  z.object({ intent: z.literal("resume"), feedId: id }),
  z.object({ intent: z.literal("delete"), feedId: id }),
  z.object({ intent: z.literal("import") }),
  z.object({ intent: z.literal("thresholds"), feedId: id, zeroPct: num.min(0).max(100), changePct: num.min(0).max(100), maxAgeMinutes: num.int().min(1), staleBuffer: num.int().min(0) }),
]);

const blank = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

export type FeedActionResult = { ok: boolean; message?: string; error?: string; redirect?: string };

export async function feedsAction(deps: FeedDeps, shop: string, by: string, form: FormData): Promise<FeedActionResult> {
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const parsed = FeedIntent.safeParse(fields);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const file = form.get("file");
  const upload = file && typeof file !== "string" && file.size > 0 ? file : null;
  const d = parsed.data;
  switch (d.intent) {
    case "create": {
      const input = {
        name: d.name,
        source: d.source,
        format: d.format,
        url: blank(d.url),
        pollMinutes: blank(d.pollMinutes),
        mode: d.mode,
        target: d.target,
        locationId: blank(d.locationId),
        groupId: blank(d.groupId),
        zeroPct: blank(d.zeroPct),
        changePct: blank(d.changePct),
        maxAgeMinutes: blank(d.maxAgeMinutes),
        staleBuffer: blank(d.staleBuffer),
        mapping: { [d.keyBy]: d.keyColumn, quantity: d.quantityColumn, location: blank(d.locationColumn), delimiter: blank(d.delimiter) },
      };
      let feed;
      try {
        feed = await createFeed(shop, input);
      } catch (error) {
        if (error instanceof z.ZodError) return { ok: false, error: error.issues.map((i) => i.message).join("; ") };
        throw error;
      }
      if (d.source === "upload" && upload) {
        const run = await startRun(deps, { feed, trigger: "upload", body: upload.stream() as unknown as AsyncIterable<Uint8Array> });
        return { ok: true, message: "Dry run ready", redirect: `/app/feeds?feed=${feed.id}&run=${run.id}` };
      }
      if (d.source === "url") await deps.queue.enqueue({ name: FEED_POLL_JOB, payload: { feedId: feed.id }, shop, orderingKey: `feed:${feed.id}` });
      return { ok: true, message: "Feed added", redirect: `/app/feeds?feed=${feed.id}` };
    }
    case "upload": {
      const feed = await prisma.feed.findFirst({ where: { id: d.feedId, shop } });
      if (!feed || !upload) return { ok: false, error: "Choose a file to upload" };
      const run = await startRun(deps, { feed, trigger: "upload", body: upload.stream() as unknown as AsyncIterable<Uint8Array> });
      return { ok: true, message: run.status === "duplicate" ? "Identical to an earlier run: nothing to do" : "Dry run ready", redirect: `/app/feeds?feed=${feed.id}&run=${run.id}` };
    }
    case "approve":
    case "reject": {
      const run = await prisma.feedRun.findFirst({ where: { id: d.runId, shop } });
      if (!run) return { ok: false, error: "Run not found" };
      try {
        if (d.intent === "approve") await approveRun(deps, run.id, by, "Approved on the Feeds page");
        else await rejectRun(run.id, by, "Rejected on the Feeds page");
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
      return { ok: true, message: d.intent === "approve" ? "Run approved: applying" : "Run rejected", redirect: `/app/feeds?feed=${run.feedId}&run=${run.id}` };
    }
    case "poll": {
      const feed = await prisma.feed.findFirst({ where: { id: d.feedId, shop, source: "url" } });
      if (!feed) return { ok: false, error: "Not a polled feed" };
      await deps.queue.enqueue({ name: FEED_POLL_JOB, payload: { feedId: feed.id }, shop, orderingKey: `feed:${feed.id}` });
      return { ok: true, message: "Polling now" };
    }
    case "pause":
    case "resume":
      await setFeedStatus(shop, d.feedId, d.intent === "pause" ? "paused" : "active");
      return { ok: true, message: d.intent === "pause" ? "Feed paused" : "Feed resumed" };
    case "delete":
      await deleteFeed(shop, d.feedId);
      return { ok: true, message: "Feed deleted", redirect: "/app/feeds" };
    case "import":
      await startImport(shop);
      return { ok: true, message: "Catalog import started" };
    case "thresholds":
      await updateThresholds(shop, d.feedId, { zeroPct: d.zeroPct, changePct: d.changePct, maxAgeMinutes: d.maxAgeMinutes, staleBuffer: d.staleBuffer });
      return { ok: true, message: "Saved" };
  }
}
