// The Sync page's form intents, parsed with zod (a bad form gets a clear error, never a crash).
import { z } from "zod";

const int = (min = 0) => z.coerce.number().int().min(min);
const optionalInt = z.preprocess((v) => (v === "" || v === undefined || v === null ? undefined : v), z.coerce.number().int().min(0).optional());
const id = z.string().min(1);

export const SyncIntent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().trim().min(1, "Name is required"),
    mode: z.enum(["shared", "source"]).default("shared"),
    matchBy: z.enum(["sku", "barcode"]).default("sku"),
    protection: z.enum(["off", "automatic", "guaranteed"]).default("automatic"),
    locationId: z.string().min(1, "Choose a location"),
    buffer: int().default(0),
  }),
  z.object({ intent: z.literal("join"), key: z.string().trim().min(1, "Enter the share key"), locationId: z.string().min(1, "Choose a location"), buffer: int().default(0) }),
  z.object({ intent: z.literal("new-key"), groupId: id }),
  z.object({ intent: z.literal("revoke-key"), groupId: id, keyId: id }),
  // Mode and matching are only on the form of a paused or draft group.
  z.object({
    intent: z.literal("settings"),
    groupId: id,
    driftThreshold: int(),
    reconcileMinutes: int(1),
    mode: z.enum(["shared", "source"]).optional(),
    matchBy: z.enum(["sku", "barcode"]).optional(),
    sourceShop: z.string().optional(),
  }),
  z.object({ intent: z.literal("protection"), groupId: id, protection: z.enum(["off", "automatic", "guaranteed"]), allocateBelow: optionalInt }),
  z.object({ intent: z.literal("member"), groupId: id, locationId: z.string().optional(), buffer: int() }),
  z.object({ intent: z.literal("preview"), groupId: id, rule: z.enum(["store", "sum", "lowest"]), ruleShop: z.string().optional() }),
  z.object({ intent: z.literal("enable"), groupId: id, planId: z.string().optional() }),
  z.object({ intent: z.literal("pause"), groupId: id }),
  z.object({ intent: z.literal("leave"), groupId: id }),
  z.object({ intent: z.literal("reconcile"), groupId: id }),
  z.object({ intent: z.literal("import") }),
]);

export type SyncIntent = z.infer<typeof SyncIntent>;

/** The intent, or the first problem in words. */
export function parseSyncIntent(form: Record<string, string>): { ok: true; value: SyncIntent } | { ok: false; error: string } {
  const r = SyncIntent.safeParse(form);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message };
}
