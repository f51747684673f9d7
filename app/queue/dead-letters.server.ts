// What an operator can do about work that did not go through: the kept malformed and failed
// webhook deliveries and the dead-lettered jobs of a shop, each with its error and payload,
// with Replay (put it back in the queue; on pg-boss a dead job is re-driven from the dead-letter
// queue with `redrive()`) and Discard (with a reason, kept on the row). The Overview shows them.
import prisma from "../db.server";
import { log } from "../log.server";
import { replayInboxRow } from "../webhooks/process.server";
import { RELAYED_BY } from "./boss-engine.server";
import { dbQueue } from "./index.server";

const PAYLOAD_PREVIEW = 4_000;
export const TROUBLE_DELIVERY_STATUSES = ["malformed", "failed"];

export interface TroubleDelivery {
  id: string;
  topic: string;
  eventId: string;
  status: string;
  error: string | null;
  payload: string;
  receivedAt: string;
}

export interface DeadJob {
  id: number;
  name: string;
  attempts: number;
  error: string | null;
  payload: string;
  finishedAt: string | null;
}

export interface DeadLetters {
  deliveries: TroubleDelivery[];
  jobs: DeadJob[];
}

const preview = (s: string) => (s.length > PAYLOAD_PREVIEW ? `${s.slice(0, PAYLOAD_PREVIEW)}…` : s);

export async function deadLetters(shop: string, take = 20): Promise<DeadLetters> {
  const [deliveries, jobs] = await Promise.all([
    prisma.webhookInbox.findMany({ where: { shop, status: { in: TROUBLE_DELIVERY_STATUSES } }, orderBy: { receivedAt: "desc" }, take }),
    prisma.job.findMany({ where: { shop, status: "dead" }, orderBy: { id: "desc" }, take }),
  ]);
  return {
    deliveries: deliveries.map((d) => ({
      id: d.id,
      topic: d.topic,
      eventId: d.eventId,
      status: d.status,
      error: d.error ?? (d.status === "malformed" ? "The body is not valid JSON" : null),
      payload: preview(d.payload),
      receivedAt: d.receivedAt.toISOString(),
    })),
    jobs: jobs.map((j) => ({
      id: j.id,
      name: j.name,
      attempts: j.attempts,
      error: j.lastError,
      payload: preview(j.payload),
      finishedAt: j.finishedAt?.toISOString() ?? null,
    })),
  };
}

/** Puts a dead-lettered job of the shop back in the queue with fresh attempts. */
export async function replayJob(shop: string, id: number): Promise<boolean> {
  const row = await prisma.job.findFirst({ where: { id, shop, status: "dead" } });
  if (!row) return false;
  const engine = dbQueue.engine;
  const copies = engine ? (await engine.deadCopies(id)).filter((c) => c.state === "created" || c.state === "retry") : [];
  // The row first: a re-driven pg-boss job only runs while its row is queued.
  const { count } = await prisma.job.updateMany({
    where: { id, status: "dead" },
    data: { status: "queued", attempts: 0, lastError: null, finishedAt: null, runAt: new Date(), lockedAt: null, lockedBy: copies.length ? RELAYED_BY : null },
  });
  if (count !== 1) return false;
  if (engine && copies.length) {
    const moved = await engine.redrive(id);
    // Nothing left to re-drive (retention ran out): the relay hands the row over afresh.
    if (moved === 0) await prisma.job.updateMany({ where: { id, status: "queued" }, data: { lockedBy: null } });
  }
  dbQueue.notify();
  log("info", "dead-lettered job replayed", { shop, jobId: id, job: row.name });
  return true;
}

export async function discardJob(shop: string, id: number, reason: string): Promise<boolean> {
  const row = await prisma.job.findFirst({ where: { id, shop, status: "dead" } });
  if (!row) return false;
  await prisma.job.update({ where: { id }, data: { status: "discarded", lastError: `Discarded: ${reason}\n— was: ${row.lastError ?? ""}`.slice(0, 4_000) } });
  await dbQueue.engine?.discard(id);
  log("info", "dead-lettered job discarded", { shop, jobId: id, job: row.name, reason });
  return true;
}

export async function replayDelivery(shop: string, id: string): Promise<boolean> {
  const row = await prisma.webhookInbox.findFirst({ where: { id, shop, status: { in: TROUBLE_DELIVERY_STATUSES } }, select: { id: true, topic: true } });
  if (!row) return false;
  await replayInboxRow(id);
  log("info", "webhook delivery replayed", { shop, inboxId: id, topic: row.topic });
  return true;
}

export async function discardDelivery(shop: string, id: string, reason: string): Promise<boolean> {
  const row = await prisma.webhookInbox.findFirst({ where: { id, shop, status: { in: TROUBLE_DELIVERY_STATUSES } } });
  if (!row) return false;
  await prisma.webhookInbox.update({ where: { id }, data: { status: "discarded", error: `Discarded: ${reason}\n— was: ${row.error ?? row.status}`.slice(0, 4_000) } });
  log("info", "webhook delivery discarded", { shop, inboxId: id, topic: row.topic, reason });
  return true;
}
