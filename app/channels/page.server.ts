// What the Channels page shows and does: endpoints, the delivery log, and the intents.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import prisma from "../db.server";
import { enqueueFlush, replay, resumeEndpoint } from "./deliver.server";
import type { ChannelDeps } from "./deps";
import { createEndpoint, deleteEndpoint } from "./endpoints.server";
import { EVENT_TYPES, SCHEMA_VERSION, type EventEnvelope } from "./schema";

export async function channelsPageData(shop: string, endpointId: string | null) {
  const endpoints = await prisma.channelEndpoint.findMany({ where: { shop }, orderBy: { createdAt: "asc" } });
  const endpoint = endpoints.find((e) => e.id === endpointId) ?? endpoints[endpoints.length - 1] ?? null;
  const deliveries = endpoint ? await prisma.channelDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { createdAt: "desc" }, take: 50 }) : [];
  const events = await prisma.channelEvent.findMany({ where: { id: { in: deliveries.map((d) => d.eventId) } }, select: { id: true, type: true, sku: true } });
  const eventOf = new Map(events.map((e) => [e.id, e]));
  return {
    eventTypes: [...EVENT_TYPES],
    endpoints: endpoints.map((e) => ({ id: e.id, name: e.name, url: e.url, status: e.status, pausedReason: e.pausedReason, failures: e.consecutiveFailures, events: JSON.parse(e.events) as string[], skus: JSON.parse(e.skus) as string[] })),
    endpoint: endpoint && { id: endpoint.id, name: endpoint.name, url: endpoint.url, secret: endpoint.secret, status: endpoint.status, pausedReason: endpoint.pausedReason },
    deliveries: deliveries.map((d) => ({
      id: d.id,
      eventId: d.eventId,
      type: eventOf.get(d.eventId)?.type ?? "",
      sku: eventOf.get(d.eventId)?.sku ?? null,
      status: d.status,
      attempts: d.attempts,
      lastStatus: d.lastStatus,
      latencyMs: d.latencyMs,
      responseHead: d.responseHead,
      error: d.error,
      replayOf: d.replayOf,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
    })),
  };
}

/** A stock.changed test event to one endpoint (the "Send test event" button). */
export async function sendTestEvent(deps: ChannelDeps, shop: string, endpointId: string): Promise<string | null> {
  const endpoint = await prisma.channelEndpoint.findFirst({ where: { id: endpointId, shop } });
  if (!endpoint) return null;
  const now = deps.now?.() ?? new Date();
  const envelope: EventEnvelope = { id: `evt_${randomUUID()}`, type: "stock.changed", version: SCHEMA_VERSION, shop, createdAt: now.toISOString(), data: { sku: "TEST-SKU", location: null, available: 7, previous: 8, cause: "test" } };
  const id = randomUUID();
  await prisma.channelEvent.create({ data: { id: envelope.id, shop, type: envelope.type, sku: "TEST-SKU", body: JSON.stringify(envelope), createdAt: now } });
  await prisma.channelDelivery.create({ data: { id, endpointId, eventId: envelope.id, shop, status: endpoint.status === "paused" ? "paused" : "pending", nextAttemptAt: now } });
  if (endpoint.status !== "paused") await enqueueFlush(deps, shop, endpointId, now);
  return envelope.id;
}

const id = z.string().min(1);
export const ChannelIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string(), url: z.string(), events: z.string().default(""), skus: z.string().default("") }),
  z.object({ intent: z.literal("delete"), endpointId: id }),
  z.object({ intent: z.literal("resume"), endpointId: id }),
  z.object({ intent: z.literal("test"), endpointId: id }),
  z.object({ intent: z.literal("replay"), deliveryId: id }),
  z.object({ intent: z.literal("replayRange"), endpointId: id, hours: z.coerce.number().min(0.1).max(24 * 30) }),
]);

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export async function channelsAction(deps: ChannelDeps, shop: string, form: FormData): Promise<{ ok: boolean; message?: string; error?: string; redirect?: string }> {
  const parsed = ChannelIntent.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const d = parsed.data;
  switch (d.intent) {
    case "create": {
      const r = await createEndpoint(shop, { name: d.name, url: d.url, events: list(d.events), skus: list(d.skus) }).catch((e: unknown) => (e instanceof z.ZodError ? e : Promise.reject(e)));
      if (r instanceof z.ZodError) return { ok: false, error: r.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
      return { ok: true, message: "Endpoint registered", redirect: `/app/channels?endpoint=${r.id}` };
    }
    case "delete":
      await deleteEndpoint(shop, d.endpointId);
      return { ok: true, message: "Endpoint deleted", redirect: "/app/channels" };
    case "resume": {
      const n = await resumeEndpoint(deps, shop, d.endpointId);
      return { ok: true, message: `Endpoint resumed; ${n} waiting deliveries sent again` };
    }
    case "test":
      return (await sendTestEvent(deps, shop, d.endpointId)) ? { ok: true, message: "Test event sent" } : { ok: false, error: "Endpoint not found" };
    case "replay": {
      const ids = await replay(deps, shop, { deliveryId: d.deliveryId });
      return { ok: ids.length > 0, message: "Replay queued", error: ids.length ? undefined : "Delivery not found" };
    }
    case "replayRange": {
      const to = new Date();
      const ids = await replay(deps, shop, { endpointId: d.endpointId, from: new Date(to.getTime() - d.hours * 3_600_000), to });
      return { ok: true, message: `${ids.length} deliveries replayed` };
    }
  }
}
