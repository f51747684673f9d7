/**
 * Mutations with the Admin API 2026-10 rules:
 *  - inventorySetQuantities: every quantity carries `changeFromQuantity` (number = compare-and-set,
 *    explicit null = opt out, missing = error); a mismatch returns CHANGE_FROM_QUANTITY_STALE and
 *    writes nothing; `@idempotent(key:)` mandatory; a reused key returns the first result without
 *    applying again (different parameters → IDEMPOTENCY_KEY_PARAMETER_MISMATCH); ≤ 250 quantities.
 *  - inventoryAdjustQuantities: same idempotency rules; changeFromQuantity optional (checked when given).
 *  - webhookSubscriptionCreate / Delete, bulkOperationRunQuery / bulkOperationCancel.
 */
import { createHash } from "node:crypto";
import { GraphQLError, Kind, valueFromASTUntyped, type GraphQLResolveInfo } from "graphql";
import { deltasFor, gid, isoSeconds, parseGid, StoreError, type QuantityName } from "../store/index.ts";
import { view } from "./connection.ts";
import { maxInputSize, type ExecCtx } from "./resolvers.ts";
import { billingMutationResolvers } from "../billing/billing.ts";

/** Shopify's inventory reasons (InventoryAdjustQuantities/SetQuantities `reason`). */
export const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

const SET_NAMES = new Set(["available", "on_hand"]);
const ADJUST_NAMES = new Set(["available", "damaged", "incoming", "quality_control", "reserved", "safety_stock", "on_hand"]);
const QTY_LIMIT = 1_000_000_000;

type UserError = { field: string[] | null; message: string; code: string | null };

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v === undefined ? null : v);
}

/** The @idempotent key on this field, or null. */
export function idempotencyKey(info: GraphQLResolveInfo): string | null {
  const node = info.fieldNodes[0];
  const d = node.directives?.find((x) => x.name.value === "idempotent");
  if (!d) return null;
  const arg = d.arguments?.find((a) => a.name.value === "key");
  if (!arg) return null;
  const v = arg.value.kind === Kind.VARIABLE ? info.variableValues[arg.value.name.value] : valueFromASTUntyped(arg.value);
  return typeof v === "string" && v.length ? v : null;
}

function requireKey(info: GraphQLResolveInfo): string {
  const key = idempotencyKey(info);
  if (key === null) {
    throw new GraphQLError(
      `The @idempotent directive is required for ${info.fieldName} as of API version 2026-04. Add @idempotent(key: "<unique key>") to the mutation field.`,
      { extensions: { code: "IDEMPOTENCY_KEY_REQUIRED", documentation: "https://shopify.dev/docs/api/usage/idempotent-requests" } },
    );
  }
  return key;
}

/**
 * Run `fn` once per idempotency key: the same key with the same parameters returns the first
 * result; with different parameters a mismatch user error (nothing applied).
 */
function withIdempotency(ctx: ExecCtx, info: GraphQLResolveInfo, params: unknown, fn: () => unknown): unknown {
  const key = requireKey(info);
  const now = ctx.store.now();
  const k = `${ctx.shop}|${ctx.appKey}|${info.fieldName}|${key}`;
  const hash = createHash("sha256").update(stable(params)).digest("hex");
  const prev = ctx.api.idempotency.get(k);
  if (prev && now - prev.at <= ctx.api.idempotencyTtlMs) {
    if (prev.hash !== hash) {
      return view({
        inventoryAdjustmentGroup: null,
        userErrors: [view({ field: null, message: "The same idempotency key cannot be used with different operation parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" })],
      });
    }
    return prev.payload;
  }
  const payload = fn();
  const map = ctx.api.idempotency;
  map.set(k, { hash, payload, at: now });
  if (map.size % 4096 === 0) {
    // retention window: forget keys older than the TTL (Map keeps insertion order)
    for (const [key, v] of map) {
      if (now - v.at <= ctx.api.idempotencyTtlMs) break;
      map.delete(key);
    }
  }
  return payload;
}

function validUri(v: unknown): boolean {
  if (typeof v !== "string" || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) return false;
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

function ue(field: (string | number)[] | null, message: string, code: string | null): UserError {
  return view({ field: field ? field.map(String) : null, message, code });
}

interface ChangeRow {
  itemId: number;
  locationId: number;
  name: QuantityName;
  delta: number;
  after: number;
  ledgerDocumentUri: string | null;
}

function groupView(ctx: ExecCtx, input: { reason: string; referenceDocumentUri?: string | null }, rows: ChangeRow[]) {
  const t = ctx.store.now();
  const id = ctx.store.nextId("InventoryAdjustmentGroup");
  const changes = rows.map((r) => ({ r }));
  return view({
    id: gid("InventoryAdjustmentGroup", id),
    createdAt: isoSeconds(t),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    app: null,
    staffMember: null,
    changes: (a: { inventoryItemIds?: string[]; locationIds?: string[]; quantityNames?: string[] }) =>
      changes
        .filter(({ r }) => !a.quantityNames || a.quantityNames.includes(r.name))
        .filter(({ r }) => !a.inventoryItemIds || a.inventoryItemIds.includes(gid("InventoryItem", r.itemId)))
        .filter(({ r }) => !a.locationIds || a.locationIds.includes(gid("Location", r.locationId)))
        .map(({ r }) =>
          view({
            name: r.name,
            delta: r.delta,
            quantityAfterChange: r.after,
            ledgerDocumentUri: r.ledgerDocumentUri,
            item: ctx.st.inventoryItems.get(r.itemId) ?? null,
            location: ctx.st.locations.get(r.locationId) ?? null,
          }),
        ),
  });
}

function idOf(value: string, type: string): number | null {
  const p = parseGid(value);
  return p && p.type === type ? p.id : null;
}

export const mutationResolvers: Record<string, (src: unknown, args: any, ctx: ExecCtx, info: GraphQLResolveInfo) => unknown> = {
  ...(billingMutationResolvers as Record<string, (src: unknown, args: any, ctx: ExecCtx) => unknown>),
  inventorySetQuantities: (_s, { input }, ctx, info) => {
    if (input.quantities.length > 250) throw maxInputSize(input.quantities.length, ["inventorySetQuantities", "input", "quantities"]);
    return withIdempotency(ctx, info, input, () => {
      const errors: UserError[] = [];
      if (!SET_NAMES.has(input.name)) errors.push(ue(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME"));
      if (!INVENTORY_REASONS.has(input.reason)) errors.push(ue(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
      if (input.referenceDocumentUri != null && !validUri(input.referenceDocumentUri)) errors.push(ue(["input", "referenceDocumentUri"], "The reference document URI isn't a valid URI.", "INVALID_REFERENCE_DOCUMENT"));
      const seen = new Set<string>();
      const plan: { itemId: number; locationId: number; quantity: number }[] = [];
      input.quantities.forEach((q: Record<string, unknown>, i: number) => {
        const f = (x: string) => ["input", "quantities", String(i), x];
        if (!Object.prototype.hasOwnProperty.call(q, "changeFromQuantity")) {
          errors.push(ue(f("changeFromQuantity"), "The changeFromQuantity argument must be given to each quantity. Pass null explicitly to opt out of the compare-and-set check.", "COMPARE_QUANTITY_REQUIRED"));
          return;
        }
        const itemId = idOf(q.inventoryItemId as string, "InventoryItem");
        const locationId = idOf(q.locationId as string, "Location");
        const item = itemId === null ? undefined : ctx.st.inventoryItems.get(itemId);
        if (!item) return void errors.push(ue(f("inventoryItemId"), "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
        if (locationId === null || !ctx.st.locations.has(locationId)) return void errors.push(ue(f("locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
        if (!item.tracked) return void errors.push(ue(f("inventoryItemId"), "Inventory quantities can only be set for tracked inventory items.", "NON_MUTABLE_INVENTORY_ITEM"));
        const quantity = q.quantity as number;
        if (quantity > QTY_LIMIT) return void errors.push(ue(f("quantity"), "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH"));
        if (quantity < -QTY_LIMIT) return void errors.push(ue(f("quantity"), "The quantity can't be lower than -1,000,000,000.", "INVALID_QUANTITY_TOO_LOW"));
        const key = `${itemId}:${locationId}`;
        if (seen.has(key)) return void errors.push(ue(f("inventoryItemId"), "The combination of inventoryItemId and locationId must be unique.", "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR"));
        seen.add(key);
        if (q.changeFromQuantity !== null) {
          const current = item.levels.get(locationId)?.quantities[input.name as QuantityName] ?? 0;
          if (current !== q.changeFromQuantity) {
            return void errors.push(ue(f("changeFromQuantity"), "The changeFromQuantity value does not match persisted value.", "CHANGE_FROM_QUANTITY_STALE"));
          }
        }
        plan.push({ itemId: itemId!, locationId, quantity });
      });
      if (errors.length) return view({ inventoryAdjustmentGroup: null, userErrors: errors });
      const rows: ChangeRow[] = [];
      for (const p of plan) {
        const cur = ctx.st.inventoryItems.get(p.itemId)!.levels.get(p.locationId)?.quantities[input.name as QuantityName] ?? 0;
        if (p.quantity === cur) continue; // nothing moves: no change row, no event (as Shopify)
        const deltas = deltasFor(input.name as QuantityName, p.quantity - cur);
        const ev = ctx.store.applyDeltas(ctx.shop, p.itemId, p.locationId, deltas, "api_set", { reference: input.referenceDocumentUri ?? null, appKey: ctx.appKey });
        for (const [n, d] of Object.entries(deltas) as [QuantityName, number][]) {
          rows.push({ itemId: p.itemId, locationId: p.locationId, name: n, delta: d, after: ev.quantities[n], ledgerDocumentUri: null });
        }
      }
      return view({ inventoryAdjustmentGroup: groupView(ctx, input, rows), userErrors: [] });
    });
  },

  inventoryAdjustQuantities: (_s, { input }, ctx, info) => {
    if (input.changes.length > 250) throw maxInputSize(input.changes.length, ["inventoryAdjustQuantities", "input", "changes"]);
    return withIdempotency(ctx, info, input, () => {
      const errors: UserError[] = [];
      if (!ADJUST_NAMES.has(input.name)) errors.push(ue(["input", "name"], `The quantity name '${input.name}' can't be adjusted.`, "INVALID_QUANTITY_NAME"));
      if (!INVENTORY_REASONS.has(input.reason)) errors.push(ue(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
      if (input.referenceDocumentUri != null && !validUri(input.referenceDocumentUri)) errors.push(ue(["input", "referenceDocumentUri"], "The reference document URI isn't a valid URI.", "INVALID_REFERENCE_DOCUMENT"));
      const plan: { itemId: number; locationId: number; delta: number; ledger: string | null }[] = [];
      const pending = new Map<string, number>();
      input.changes.forEach((c: Record<string, unknown>, i: number) => {
        const f = (x: string) => ["input", "changes", String(i), x];
        const itemId = idOf(c.inventoryItemId as string, "InventoryItem");
        const locationId = idOf(c.locationId as string, "Location");
        const item = itemId === null ? undefined : ctx.st.inventoryItems.get(itemId);
        if (!item) return void errors.push(ue(f("inventoryItemId"), "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM"));
        if (locationId === null || !ctx.st.locations.has(locationId)) return void errors.push(ue(f("locationId"), "The specified location could not be found.", "INVALID_LOCATION"));
        if (!item.tracked) return void errors.push(ue(f("inventoryItemId"), "Inventory quantities can only be adjusted for tracked inventory items.", "NON_MUTABLE_INVENTORY_ITEM"));
        const ledger = (c.ledgerDocumentUri as string | null | undefined) ?? null;
        if (ledger !== null && !validUri(ledger)) return void errors.push(ue(f("ledgerDocumentUri"), "The ledger document URI isn't a valid URI.", "INVALID_LEDGER_DOCUMENT"));
        if (input.name === "available" && ledger) return void errors.push(ue(f("ledgerDocumentUri"), "A ledger document URI is not allowed when adjusting available.", "INVALID_AVAILABLE_DOCUMENT"));
        if (input.name !== "available" && input.name !== "on_hand" && !ledger) return void errors.push(ue(f("ledgerDocumentUri"), "A ledger document URI is required for this quantity name.", "INVALID_LEDGER_DOCUMENT"));
        const key = `${itemId}:${locationId}`;
        const cur = (item.levels.get(locationId)?.quantities[input.name as QuantityName] ?? 0) + (pending.get(key) ?? 0);
        if (Object.prototype.hasOwnProperty.call(c, "changeFromQuantity") && c.changeFromQuantity !== null && c.changeFromQuantity !== cur) {
          return void errors.push(ue(f("changeFromQuantity"), "The changeFromQuantity value does not match persisted value.", "CHANGE_FROM_QUANTITY_STALE"));
        }
        const after = cur + (c.delta as number);
        if (after > QTY_LIMIT) return void errors.push(ue(f("delta"), "The quantity can't be higher than 1,000,000,000.", "INVALID_QUANTITY_TOO_HIGH"));
        if (after < -QTY_LIMIT) return void errors.push(ue(f("delta"), "The quantity can't be lower than -1,000,000,000.", "INVALID_QUANTITY_TOO_LOW"));
        pending.set(key, (pending.get(key) ?? 0) + (c.delta as number));
        plan.push({ itemId: itemId!, locationId, delta: c.delta as number, ledger });
      });
      if (errors.length) return view({ inventoryAdjustmentGroup: null, userErrors: errors });
      const rows: ChangeRow[] = [];
      for (const p of plan) {
        if (p.delta === 0) continue;
        const deltas = deltasFor(input.name as QuantityName, p.delta);
        const ev = ctx.store.applyDeltas(ctx.shop, p.itemId, p.locationId, deltas, "api_adjust", { reference: input.referenceDocumentUri ?? null, appKey: ctx.appKey });
        for (const [n, d] of Object.entries(deltas) as [QuantityName, number][]) {
          rows.push({ itemId: p.itemId, locationId: p.locationId, name: n, delta: d, after: ev.quantities[n], ledgerDocumentUri: n === input.name ? p.ledger : null });
        }
      }
      return view({ inventoryAdjustmentGroup: groupView(ctx, input, rows), userErrors: [] });
    });
  },

  webhookSubscriptionCreate: (_s, { topic, webhookSubscription: input }, ctx) => {
    const uri: string | undefined = input.uri ?? input.callbackUrl ?? undefined;
    const errors: UserError[] = [];
    if (!uri) errors.push(ue(["webhookSubscription", "callbackUrl"], "Address can't be blank", null));
    else {
      let ok = false;
      try {
        const u = new URL(uri);
        ok = u.protocol === "https:" || u.protocol === "http:";
      } catch {
        ok = /^(pubsub:\/\/|arn:aws:events:)/.test(uri);
      }
      if (!ok) errors.push(ue(["webhookSubscription", "callbackUrl"], "Address is invalid", null));
    }
    if (!errors.length) {
      const dup = ctx.store
        .listWebhookSubscriptions(ctx.shop)
        .find((w) => w.topic === topic && w.uri === uri && (w.filter ?? null) === (input.filter ?? null) && (w.appKey === null || w.appKey === ctx.appKey));
      if (dup) errors.push(ue(["webhookSubscription", "callbackUrl"], "Address for this topic has already been taken", null));
    }
    if (errors.length) return view({ webhookSubscription: null, userErrors: errors });
    const rec = ctx.store.createWebhookSubscription(ctx.shop, {
      topic,
      uri: uri!,
      format: input.format ?? "JSON",
      includeFields: input.includeFields ?? [],
      metafieldNamespaces: input.metafieldNamespaces ?? [],
      filter: input.filter ?? null,
      name: input.name ?? null,
      apiVersion: "2026-10",
      appKey: ctx.appKey,
    });
    return view({ webhookSubscription: rec, userErrors: [] });
  },

  webhookSubscriptionDelete: (_s, { id }, ctx) => {
    const n = idOf(id, "WebhookSubscription");
    const w = n === null ? undefined : ctx.st.webhookSubscriptions.get(n);
    if (!w || (w.appKey !== null && w.appKey !== ctx.appKey)) {
      return view({ deletedWebhookSubscriptionId: null, userErrors: [ue(["id"], "Webhook subscription does not exist", null)] });
    }
    ctx.store.deleteWebhookSubscription(ctx.shop, w.id);
    return view({ deletedWebhookSubscriptionId: id, userErrors: [] });
  },

  bulkOperationRunQuery: (_s, { query }, ctx) => {
    const r = ctx.api.startBulk(ctx, query);
    return view({ bulkOperation: r.op, userErrors: r.userErrors.map((e) => view(e)) });
  },

  bulkOperationCancel: (_s, { id }, ctx) => {
    const n = idOf(id, "BulkOperation");
    const b = n === null ? undefined : ctx.st.bulkOperations.get(n);
    if (!b || (b.appKey !== null && b.appKey !== ctx.appKey)) return view({ bulkOperation: null, userErrors: [ue(["id"], "Bulk operation does not exist", null)] });
    if (b.status === "CREATED" || b.status === "RUNNING") b.status = "CANCELING";
    else return view({ bulkOperation: b, userErrors: [ue(["id"], `A bulk operation cannot be canceled when it is ${b.status.toLowerCase()}`, null)] });
    return view({ bulkOperation: b, userErrors: [] });
  },
};

export { StoreError };
