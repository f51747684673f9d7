// Outbound events: one normalized event (id, type, version, time, data), one delivery per
// endpoint whose filter selects it, each delivered by a job.
import { randomUUID } from "node:crypto";
import type { ChannelEndpoint, Prisma } from "@prisma/client";
import prisma from "../db.server";
import { enqueueFlush } from "./deliver.server";
import type { ChannelDeps } from "./deps";
import { EVENT_DATA, SCHEMA_VERSION, type EventEnvelope, type EventType } from "./schema";

/** An event about several SKUs (an order's lines) is wanted when the endpoint's SKU filter names any of them. */
export function endpointWants(endpoint: Pick<ChannelEndpoint, "events" | "skus">, type: EventType, sku: string | readonly string[] | null): boolean {
  const events = JSON.parse(endpoint.events) as string[];
  const skus = JSON.parse(endpoint.skus) as string[];
  if (events.length && !events.includes(type)) return false;
  const about = sku === null ? [] : typeof sku === "string" ? [sku] : sku;
  if (skus.length && !about.some((s) => skus.includes(s))) return false;
  return true;
}

export interface EmitInput {
  shop: string;
  type: EventType;
  data: Record<string, unknown>;
  sku?: string | null;
  /** For events about several SKUs (order.synced): the SKU filter matches any of them. */
  skus?: string[];
}

/** Records events and their deliveries; returns the envelopes. Endpoints that are paused keep theirs for later. */
export async function emitEvents(deps: ChannelDeps, inputs: EmitInput[]): Promise<EventEnvelope[]> {
  if (!inputs.length) return [];
  const shops = [...new Set(inputs.map((i) => i.shop))];
  const endpoints = await prisma.channelEndpoint.findMany({ where: { shop: { in: shops } } });
  if (!endpoints.length) return [];
  const now = deps.now?.() ?? new Date();
  const envelopes: EventEnvelope[] = [];
  const deliveries: Prisma.ChannelDeliveryCreateManyInput[] = [];
  const events: Prisma.ChannelEventCreateManyInput[] = [];
  for (const input of inputs) {
    const data = EVENT_DATA[input.type].parse(input.data);
    const envelope: EventEnvelope = { id: `evt_${randomUUID()}`, type: input.type, version: SCHEMA_VERSION, shop: input.shop, createdAt: now.toISOString(), data };
    const wanting = endpoints.filter((e) => e.shop === input.shop && endpointWants(e, input.type, input.skus ?? input.sku ?? null));
    if (!wanting.length) continue;
    envelopes.push(envelope);
    const sku = input.sku ?? (input.skus?.length === 1 ? input.skus[0] : null);
    events.push({ id: envelope.id, shop: input.shop, type: input.type, sku, body: JSON.stringify(envelope), createdAt: now });
    for (const e of wanting) deliveries.push({ id: randomUUID(), endpointId: e.id, eventId: envelope.id, shop: input.shop, status: e.status === "paused" ? "paused" : "pending", nextAttemptAt: now, createdAt: now });
  }
  if (!events.length) return [];
  await prisma.$transaction(async (tx) => {
    await tx.channelEvent.createMany({ data: events });
    await tx.channelDelivery.createMany({ data: deliveries });
    const pending = new Map(deliveries.filter((d) => d.status === "pending").map((d) => [d.endpointId, d.shop]));
    for (const [endpointId, shop] of pending) await enqueueFlush(deps, shop, endpointId, now, tx);
  });
  deps.queue.notify?.();
  return envelopes;
}

export function emitEvent(deps: ChannelDeps, input: EmitInput) {
  return emitEvents(deps, [input]);
}
