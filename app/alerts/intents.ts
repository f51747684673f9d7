// Form intents of the Alerts page, parsed with zod (shared by the route's action and its tests).
import { z } from "zod";

const id = z.string().min(1).max(64);

export const AlertsIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add_channel"), kind: z.enum(["email", "slack"]), target: z.string().min(1).max(2_000) }),
  z.object({ intent: z.literal("remove_channel"), id }),
  z.object({ intent: z.literal("add_rule"), trigger: z.string().min(1).max(64), class: z.string().optional(), percent: z.string().optional(), minRequests: z.string().optional(), minutes: z.string().optional() }),
  z.object({ intent: z.literal("remove_rule"), id }),
  z.object({ intent: z.literal("toggle_rule"), id, enabled: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("save_owner"), class: z.string().min(1).max(64), owner: z.string().max(200), slaHours: z.coerce.number().int() }),
  z.object({ intent: z.literal("remove_owner"), id }),
  z.object({ intent: z.literal("test") }),
]);

export type AlertsIntent = z.infer<typeof AlertsIntent>;
