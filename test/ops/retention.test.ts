// Retention: finished working rows go after their rule's days; rows still in use stay,
// whatever their age; deletes run in batches and a run stops at its cap, the next one goes on.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { RETENTION_JOB, scheduleRetention } from "../../app/maintenance/index.server";
import { pruneExpired, retentionRules } from "../../app/maintenance/retention.server";
import { metrics } from "../../app/observability/metrics.server";
import { jobHandler } from "../../app/queue/registry.server";

const DAY = 86_400_000;
const NOW = new Date("2026-12-03T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const SHOP = "retention.myshopify.com";

async function seed() {
  const inbox = (eventId: string, status: string, days: number) =>
    prisma.webhookInbox.create({ data: { shop: SHOP, topic: "orders/create", eventId, webhookId: eventId, apiVersion: "2026-10", headers: "{}", payload: "{}", status, receivedAt: ago(days) } });
  await inbox("old-processed", "processed", 8);
  await inbox("old-ignored", "ignored", 30);
  await inbox("old-malformed", "malformed", 60);
  await inbox("old-failed", "failed", 60);
  await inbox("old-received", "received", 60);
  await inbox("recent-processed", "processed", 6);

  const job = (name: string, status: string, days: number) =>
    prisma.job.create({ data: { name, payload: "{}", status, runAt: ago(days), finishedAt: status === "queued" ? null : ago(days), updatedAt: ago(days) } });
  await job("old-done", "done", 2);
  await job("old-cancelled", "cancelled", 2);
  await job("old-dead", "dead", 90);
  await job("old-queued", "queued", 90);
  await job("recent-done", "done", 0.5);
  await job("old-discarded", "discarded", 40);

  const write = (entryKey: string, status: string, days: number) =>
    prisma.syncPendingWrite.create({ data: { linkId: "l", itemId: "i", batchKey: "b", entryKey, position: 0, changeFrom: 1, value: 0, poolVersion: 1, status, sentAt: ago(days), resolvedAt: status === "pending" ? null : ago(days) } });
  await write("old-applied", "applied", 8);
  await write("old-stale", "stale", 8);
  await write("old-failed", "failed", 8);
  await write("old-pending", "pending", 60);
  await write("recent-applied", "applied", 6);

  const observation = (eventId: string, days: number, processed: boolean) =>
    prisma.syncObservation.create({ data: { groupId: "g", sku: "S", linkId: "l", shop: SHOP, available: 1, at: ago(days), eventId, processedAt: processed ? ago(days) : null } });
  for (let i = 0; i < 5; i++) await observation(`old-${i}`, 31 + i, true);
  await observation("old-unprocessed", 90, false);
  await observation("recent", 29, true);

  const event = (id: string, days: number) => prisma.channelEvent.create({ data: { id, shop: SHOP, type: "stock.changed", body: "{}", createdAt: ago(days) } });
  const delivery = (eventId: string, status: string, days: number) => prisma.channelDelivery.create({ data: { endpointId: "e", eventId, shop: SHOP, status, createdAt: ago(days) } });
  // The oldest events are held by kept deliveries: the page has to step over them.
  for (let i = 0; i < 3; i++) {
    await event(`held-${i}`, 60 - i);
    await delivery(`held-${i}`, i === 0 ? "dead" : i === 1 ? "retrying" : "paused", 60 - i);
  }
  for (let i = 0; i < 3; i++) {
    await event(`done-${i}`, 40 - i);
    await delivery(`done-${i}`, "delivered", 40 - i);
  }
  await event("recent", 10);
  await delivery("recent", "delivered", 10);
}

describe("retention", () => {
  // The file's tests share one database.
  beforeEach(async () => {
    await prisma.$transaction([
      prisma.webhookInbox.deleteMany(),
      prisma.job.deleteMany(),
      prisma.syncPendingWrite.deleteMany(),
      prisma.syncObservation.deleteMany(),
      prisma.channelDelivery.deleteMany(),
      prisma.channelEvent.deleteMany(),
    ]);
  });

  it("deletes finished rows past their days, in batches, and keeps every row still in use", async () => {
    await seed();
    const result = await pruneExpired(prisma, { now: NOW, batchSize: 2 });
    expect(result.unfinished).toEqual([]);
    expect(result.deleted).toEqual({
      webhook_inbox: 2,
      jobs: 2,
      discarded_jobs: 1,
      sync_writes: 3,
      sync_observations: 5,
      channel_deliveries: 3,
      channel_events: 3,
    });
    const left = async <T>(rows: Promise<T[]>, key: (r: T) => string) => (await rows).map(key).sort();
    expect(await left(prisma.webhookInbox.findMany(), (r) => r.eventId)).toEqual(["old-failed", "old-malformed", "old-received", "recent-processed"]);
    expect(await left(prisma.job.findMany(), (r) => r.name)).toEqual(["old-dead", "old-queued", "recent-done"]);
    expect(await left(prisma.syncPendingWrite.findMany(), (r) => r.entryKey)).toEqual(["old-pending", "recent-applied"]);
    expect(await left(prisma.syncObservation.findMany(), (r) => r.eventId)).toEqual(["old-unprocessed", "recent"]);
    expect(await left(prisma.channelDelivery.findMany(), (r) => r.eventId)).toEqual(["held-0", "held-1", "held-2", "recent"]);
    expect(await left(prisma.channelEvent.findMany(), (r) => r.id)).toEqual(["held-0", "held-1", "held-2", "recent"]);

    // A second run finds nothing more.
    const again = await pruneExpired(prisma, { now: NOW, batchSize: 2 });
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
  });

  it("a run stops at its cap with the rule marked unfinished; the next run goes on", async () => {
    for (let i = 0; i < 7; i++) {
      await prisma.syncObservation.create({ data: { groupId: "g", sku: "S", linkId: "l", shop: SHOP, available: 1, at: ago(40), eventId: `e${i}`, processedAt: ago(40) } });
    }
    const rules = retentionRules().filter((r) => r.name === "sync_observations");
    const first = await pruneExpired(prisma, { now: NOW, rules, batchSize: 2, maxBatches: 2 });
    expect(first).toEqual({ deleted: { sync_observations: 4 }, unfinished: ["sync_observations"] });
    const second = await pruneExpired(prisma, { now: NOW, rules, batchSize: 2, maxBatches: 2 });
    expect(second).toEqual({ deleted: { sync_observations: 3 }, unfinished: [] });
    expect(await prisma.syncObservation.count()).toBe(0);
  });

  it("RETENTION_DAYS_<RULE> changes a rule's days and refuses nonsense", async () => {
    const rules = retentionRules({ RETENTION_DAYS_WEBHOOK_INBOX: "2" });
    expect(rules.find((r) => r.name === "webhook_inbox")?.days).toBe(2);
    expect(rules.find((r) => r.name === "jobs")?.days).toBe(1);
    expect(() => retentionRules({ RETENTION_DAYS_JOBS: "0" })).toThrow(/RETENTION_DAYS_JOBS must be a positive number/);
    expect(() => retentionRules({ RETENTION_DAYS_JOBS: "soon" })).toThrow(/RETENTION_DAYS_JOBS/);

    await prisma.webhookInbox.create({ data: { shop: SHOP, topic: "orders/create", eventId: "three-days", webhookId: "w", apiVersion: "2026-10", headers: "{}", payload: "{}", status: "processed", receivedAt: ago(3) } });
    expect((await pruneExpired(prisma, { now: NOW, rules })).deleted.webhook_inbox).toBe(1);
  });

  it("the hourly job is scheduled on the queue, runs the rules and counts what it deleted", async () => {
    await scheduleRetention();
    expect(await prisma.jobSchedule.findUnique({ where: { name: "maintenance-retention" } })).toMatchObject({ jobName: RETENTION_JOB, intervalMs: 3_600_000 });
    const handler = jobHandler(RETENTION_JOB);
    expect(handler).toBeDefined();
    await prisma.job.create({ data: { name: "x", payload: "{}", status: "done", runAt: new Date(Date.now() - 3 * DAY), finishedAt: new Date(Date.now() - 3 * DAY) } });
    const before = (await metrics().retentionDeleted.get()).values.find((v) => v.labels.rule === "jobs")?.value ?? 0;
    await handler!({}, { attempt: 1 } as never);
    expect(await prisma.job.count({ where: { name: "x" } })).toBe(0);
    const after = (await metrics().retentionDeleted.get()).values.find((v) => v.labels.rule === "jobs")?.value ?? 0;
    expect(after - before).toBe(1);
  });
});
