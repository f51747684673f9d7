// Outbound event types and their versioned payload schemas (published in docs/channels.md).
import { z } from "zod";

export const EVENT_TYPES = ["stock.changed", "stock.low", "stock.sold_out", "stock.back_in_stock", "exception.opened", "exception.resolved", "order.synced"] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const SCHEMA_VERSION = "2026-12";

const stock = z.object({ sku: z.string(), location: z.string().nullable(), available: z.number().int(), previous: z.number().int().nullable(), cause: z.string() });
const exception = z.object({ exceptionId: z.string(), class: z.string(), sku: z.string().nullable(), title: z.string() });
const order = z.object({ orderId: z.string(), shop: z.string(), lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })) });

export const EVENT_DATA: Record<EventType, z.ZodTypeAny> = {
  "stock.changed": stock,
  "stock.low": stock,
  "stock.sold_out": stock,
  "stock.back_in_stock": stock,
  "exception.opened": exception,
  "exception.resolved": exception.extend({ resolution: z.string().nullable() }),
  "order.synced": order,
};

/** The envelope every endpoint receives: the same id on each retry and replay. */
export interface EventEnvelope {
  id: string;
  type: EventType;
  version: string;
  shop: string;
  createdAt: string;
  data: unknown;
}

export const EndpointInput = z.object({
  name: z.string().trim().min(1).max(120),
  url: z.string().trim().url(),
  events: z.array(z.enum(EVENT_TYPES)).default([]),
  skus: z.array(z.string().trim().min(1)).default([]),
});
export type EndpointInput = z.infer<typeof EndpointInput>;
