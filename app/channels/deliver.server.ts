// Delivering one event to one endpoint, like Shopify's webhooks: signed POST through safeFetch,
// a log row per delivery (status, latency, the response's first bytes), retries on the schedule
// (retry.ts) then the dead letter, and an endpoint that keeps failing is paused.
import { randomUUID } from "node:crypto";
import { Prisma, type ChannelDelivery, type ChannelEndpoint, type ChannelEvent } from "@prisma/client";
import prisma from "../db.server";
import { safeFetch } from "../security/safe-fetch.server";
import { DELIVER_JOB, type ChannelDeps } from "./deps";
import { PAUSE_AFTER, retryDelayMs } from "./retry";
import { SIGNATURE_HEADER, signEvent } from "./sign";

const RESPONSE_HEAD = 256;
export const DELIVERY_TIMEOUT_MS = 10_000;
const SEND_CONCURRENCY = 64;
const FLUSH_BATCH = 200;

async function readHead(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_HEAD) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // a body that breaks off keeps what arrived
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_HEAD).toString("utf8");
}

interface Outcome {
  ok: boolean;
  lastStatus: number | null;
  head: string | null;
  error: string | null;
  latencyMs: number;
}

async function send(deps: ChannelDeps, endpoint: ChannelEndpoint, event: ChannelEvent, deliveryId: string): Promise<Outcome> {
  const started = Date.now();
  try {
    const response = await safeFetch(
      endpoint.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIGNATURE_HEADER]: signEvent(endpoint.secret, event.body),
          "X-Stockroom-Event-Id": event.id,
          "X-Stockroom-Event-Type": event.type,
          "X-Stockroom-Delivery-Id": deliveryId,
          "user-agent": "Stockroom channels",
        },
        body: event.body,
      },
      { maxBytes: 64 * 1024, timeoutMs: DELIVERY_TIMEOUT_MS, maxRedirects: 0, ...deps.outbound() },
    );
    const head = await readHead(response);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, lastStatus: response.status, head, error: ok ? null : `HTTP ${response.status}`, latencyMs: Date.now() - started };
  } catch (e) {
    return { ok: false, lastStatus: null, head: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e), latencyMs: Date.now() - started };
  }
}

/** A flush of the endpoint at `at` (coalesced per second: one job however many retries fall due). */
export function enqueueFlush(deps: ChannelDeps, shop: string, endpointId: string, at: Date, tx?: Prisma.TransactionClient) {
  const slot = Math.ceil(at.getTime() / 1000);
  return deps.queue.enqueue({ name: DELIVER_JOB, payload: { endpointId }, shop, runAt: new Date(slot * 1000), orderingKey: `endpoint:${endpointId}`, dedupeKey: `flush:${endpointId}:${slot}`, maxAttempts: 3 }, tx);
}

/**
 * Sends deliveries of one endpoint (concurrently) and records every outcome in ONE transaction:
 * delivered, retrying on the schedule, dead-lettered, or paused with the endpoint.
 */
async function deliverBatch(deps: ChannelDeps, endpoint: ChannelEndpoint, deliveries: ChannelDelivery[]): Promise<ChannelDelivery[]> {
  if (endpoint.status === "paused") {
    await prisma.channelDelivery.updateMany({ where: { id: { in: deliveries.map((d) => d.id) } }, data: { status: "paused" } });
    return prisma.channelDelivery.findMany({ where: { id: { in: deliveries.map((d) => d.id) } } });
  }
  const events = await prisma.channelEvent.findMany({ where: { id: { in: deliveries.map((d) => d.eventId) } } });
  const eventOf = new Map(events.map((e) => [e.id, e]));
  const outcomes: Outcome[] = new Array(deliveries.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SEND_CONCURRENCY, deliveries.length) }, async () => {
      while (next < deliveries.length) {
        const i = next++;
        outcomes[i] = await send(deps, endpoint, eventOf.get(deliveries[i].eventId)!, deliveries[i].id);
      }
    }),
  );
  const now = deps.now?.() ?? new Date();
  let failures = endpoint.consecutiveFailures;
  let pausedReason: string | null = null;
  const retryAt: Date[] = [];
  const updates = deliveries.map((d, i): OutcomeUpdate => {
    const o = outcomes[i];
    const attempts = d.attempts + 1;
    const base = { attempts, lastStatus: o.lastStatus, latencyMs: o.latencyMs, responseHead: o.head, error: o.error };
    if (o.ok) {
      failures = 0;
      return { id: d.id, data: { ...base, status: "delivered", deliveredAt: now, nextAttemptAt: null } };
    }
    failures++;
    const delay = retryDelayMs(attempts, deps.random);
    if ((failures >= PAUSE_AFTER || delay === null) && !pausedReason) pausedReason = `${failures} failed attempts in a row (last: ${o.error})`.slice(0, 300);
    if (delay === null) return { id: d.id, data: { ...base, status: "dead", nextAttemptAt: null } };
    const nextAttemptAt = new Date(now.getTime() + delay);
    if (!pausedReason) retryAt.push(nextAttemptAt);
    return { id: d.id, data: { ...base, status: pausedReason ? "paused" : "retrying", nextAttemptAt } };
  });
  await prisma.$transaction(async (tx) => {
    await recordOutcomes(tx, updates);
    if (failures !== endpoint.consecutiveFailures || pausedReason) {
      await tx.channelEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: failures, ...(pausedReason ? { status: "paused", pausedReason } : {}) } });
    }
    if (pausedReason) await tx.channelDelivery.updateMany({ where: { endpointId: endpoint.id, status: { in: ["pending", "retrying"] } }, data: { status: "paused" } });
    else for (const at of new Set(retryAt.map((d) => d.getTime()))) await enqueueFlush(deps, endpoint.shop, endpoint.id, new Date(at), tx);
  });
  deps.queue.notify?.();
  return prisma.channelDelivery.findMany({ where: { id: { in: deliveries.map((d) => d.id) } } });
}

type OutcomeUpdate = { id: string; data: { attempts: number; lastStatus: number | null; latencyMs: number; responseHead: string | null; error: string | null; status: string; deliveredAt?: Date; nextAttemptAt: Date | null } };

/**
 * Writes a batch's outcomes in a few statements whatever its size: the per-delivery log fields
 * (attempts, HTTP status, latency, response head, error) in one UPDATE … CASE, the status and
 * timestamps with one updateMany per distinct value (a batch shares `now`).
 */
async function recordOutcomes(tx: Prisma.TransactionClient, updates: OutcomeUpdate[]): Promise<void> {
  if (!updates.length) return;
  const ids = updates.map((u) => u.id);
  const int = (v: number | null) => (v === null ? Prisma.sql`CAST(NULL AS INTEGER)` : Prisma.sql`CAST(${v} AS INTEGER)`);
  const text = (v: string | null) => (v === null ? Prisma.sql`CAST(NULL AS TEXT)` : Prisma.sql`CAST(${v} AS TEXT)`);
  const caseOf = (pick: (u: OutcomeUpdate) => Prisma.Sql) => Prisma.sql`CASE "id" ${Prisma.join(updates.map((u) => Prisma.sql`WHEN ${u.id} THEN ${pick(u)}`), " ")} END`;
  await tx.$executeRaw`UPDATE "ChannelDelivery" SET
    "attempts" = ${caseOf((u) => int(u.data.attempts))},
    "lastStatus" = ${caseOf((u) => int(u.data.lastStatus))},
    "latencyMs" = ${caseOf((u) => int(u.data.latencyMs))},
    "responseHead" = ${caseOf((u) => text(u.data.responseHead))},
    "error" = ${caseOf((u) => text(u.data.error))}
    WHERE "id" IN (${Prisma.join(ids)})`;
  const groups = new Map<string, { data: { status: string; deliveredAt?: Date; nextAttemptAt: Date | null }; ids: string[] }>();
  for (const u of updates) {
    const data = { status: u.data.status, ...(u.data.deliveredAt ? { deliveredAt: u.data.deliveredAt } : {}), nextAttemptAt: u.data.nextAttemptAt };
    const key = `${data.status}|${data.deliveredAt?.getTime() ?? ""}|${data.nextAttemptAt?.getTime() ?? ""}`;
    const g = groups.get(key) ?? { data, ids: [] };
    g.ids.push(u.id);
    groups.set(key, g);
  }
  for (const g of groups.values()) await tx.channelDelivery.updateMany({ where: { id: { in: g.ids } }, data: { ...g.data, updatedAt: new Date() } });
}

/** One delivery now (tests, the page's single replay). */
export async function deliver(deps: ChannelDeps, deliveryId: string): Promise<ChannelDelivery | null> {
  const delivery = await prisma.channelDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || (delivery.status !== "pending" && delivery.status !== "retrying")) return delivery;
  const endpoint = await prisma.channelEndpoint.findUniqueOrThrow({ where: { id: delivery.endpointId } });
  const [updated] = await deliverBatch(deps, endpoint, [delivery]);
  return updated ?? null;
}

/** The delivery job: every delivery of the endpoint that is due, in batches, oldest first. */
export async function flushEndpoint(deps: ChannelDeps, endpointId: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const endpoint = await prisma.channelEndpoint.findUnique({ where: { id: endpointId } });
    if (!endpoint || endpoint.status === "paused") return sent;
    const now = deps.now?.() ?? new Date();
    const due = await prisma.channelDelivery.findMany({ where: { endpointId, status: { in: ["pending", "retrying"] }, nextAttemptAt: { lte: now } }, orderBy: { createdAt: "asc" }, take: FLUSH_BATCH });
    if (!due.length) return sent;
    await deliverBatch(deps, endpoint, due);
    sent += due.length;
  }
}

/** Resumes a paused endpoint: its paused deliveries go out again (retry counters kept). */
export async function resumeEndpoint(deps: ChannelDeps, shop: string, endpointId: string): Promise<number> {
  const { count } = await prisma.channelEndpoint.updateMany({ where: { id: endpointId, shop }, data: { status: "active", pausedReason: null, consecutiveFailures: 0 } });
  if (!count) return 0;
  const paused = await prisma.channelDelivery.findMany({ where: { endpointId, status: "paused" }, select: { id: true, attempts: true } });
  const now = deps.now?.() ?? new Date();
  await prisma.channelDelivery.updateMany({ where: { endpointId, status: "paused" }, data: { status: "retrying", nextAttemptAt: now } });
  await enqueueFlush(deps, shop, endpointId, now);
  return paused.length;
}

/** Replays deliveries (one, or every delivery of an endpoint in a time range): the same event id again. */
export async function replay(deps: ChannelDeps, shop: string, sel: { deliveryId: string } | { endpointId: string; from: Date; to: Date }): Promise<string[]> {
  const originals =
    "deliveryId" in sel
      ? await prisma.channelDelivery.findMany({ where: { id: sel.deliveryId, shop } })
      : await prisma.channelDelivery.findMany({ where: { endpointId: sel.endpointId, shop, createdAt: { gte: sel.from, lte: sel.to }, replayOf: null } });
  const ids: string[] = [];
  const now = deps.now?.() ?? new Date();
  for (const o of originals) {
    const id = randomUUID();
    await prisma.channelDelivery.create({ data: { id, endpointId: o.endpointId, eventId: o.eventId, shop, status: "pending", replayOf: o.id, nextAttemptAt: now } });
    ids.push(id);
  }
  for (const endpointId of new Set(originals.map((o) => o.endpointId))) await enqueueFlush(deps, shop, endpointId, now);
  return ids;
}
