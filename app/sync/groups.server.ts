import { createHash, randomBytes } from "node:crypto";
import type { SyncGroup, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { log } from "../log.server";
import { dbQueue } from "../queue/index.server";
import { readLevels } from "./admin-ops.server";
import { enqueueItem, enqueueItemCommand, linkItem } from "./engine.server";
import { openException } from "./exceptions.server";

export class SyncAccessError extends Error {
  override name = "SyncAccessError";
  readonly status = 404;
}
export class SyncInputError extends Error {
  override name = "SyncInputError";
  readonly status = 400;
}

export type SyncMode = "shared" | "source";
export type MatchBy = "sku" | "barcode";

const KEY_TTL_MS = 7 * 24 * 3_600_000;

function hashKey(key: string): string {
  return createHash("sha256").update(key.trim().toUpperCase()).digest("hex");
}

function newShareKey(): string {
  const raw = randomBytes(15).toString("base64url").toUpperCase().replace(/[^A-Z0-9]/g, "X");
  return `SRK-${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10, 15)}`;
}

/** The group, if `shop` is an active member of it; otherwise "not found" (no existence leak). */
export async function requireMember(groupId: string, shop: string): Promise<{ group: SyncGroup; member: SyncMember }> {
  const member = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId, shop } } });
  if (!member || member.status !== "active") throw new SyncAccessError("Sync group not found");
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: groupId } });
  return { group, member };
}

export async function groupsOfShop(shop: string) {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" } });
  return prisma.syncGroup.findMany({ where: { id: { in: members.map((m) => m.groupId) } }, orderBy: { createdAt: "asc" } });
}

async function assertFree(shop: string) {
  const active = await prisma.syncMember.findFirst({ where: { shop, status: "active" } });
  if (active) throw new SyncInputError("This store already belongs to a sync group; leave it first");
}

export interface CreateGroupInput {
  name: string;
  mode?: SyncMode;
  matchBy?: MatchBy;
  locationId: string;
  buffer?: number;
  driftThreshold?: number;
}

/** Creates a group with `shop` as owner and first member; returns the one-time share key. */
export async function createGroup(shop: string, input: CreateGroupInput): Promise<{ group: SyncGroup; member: SyncMember; shareKey: string }> {
  if (!input.name.trim()) throw new SyncInputError("Name is required");
  if (!input.locationId) throw new SyncInputError("Choose a location");
  await assertFree(shop);
  const mode = input.mode ?? "shared";
  const group = await prisma.syncGroup.create({
    data: {
      name: input.name.trim(),
      ownerShop: shop,
      mode,
      sourceShop: mode === "source" ? shop : null,
      matchBy: input.matchBy ?? "sku",
      driftThreshold: input.driftThreshold ?? 5,
    },
  });
  const member = await prisma.syncMember.create({
    data: { groupId: group.id, shop, locationId: input.locationId, buffer: Math.max(0, input.buffer ?? 0) },
  });
  const { key } = await createShareKey(group.id, shop);
  await importIfEmpty(shop);
  return { group, member, shareKey: key };
}

/** A shop joining sync without a catalog in the app yet gets its initial bulk import. */
async function importIfEmpty(shop: string) {
  if (await prisma.catalogVariant.findFirst({ where: { shop }, select: { variantId: true } })) return;
  if (await prisma.importRun.findFirst({ where: { shop, status: { in: ["created", "running"] } } })) return;
  try {
    const { startBulkLevelsRun } = await import("../import/bulk-import.server");
    await startBulkLevelsRun(shop, { purpose: "import" });
  } catch (error) {
    log("warn", "initial import could not start", { shop, error: String(error) });
  }
}

export async function createShareKey(groupId: string, shop: string, now = new Date()) {
  await requireMember(groupId, shop);
  const key = newShareKey();
  const row = await prisma.syncShareKey.create({
    data: { groupId, keyHash: hashKey(key), hint: key.slice(-4), createdByShop: shop, expiresAt: new Date(now.getTime() + KEY_TTL_MS) },
  });
  return { key, row };
}

export async function revokeShareKey(groupId: string, shop: string, keyId: string) {
  await requireMember(groupId, shop);
  const { count } = await prisma.syncShareKey.updateMany({ where: { id: keyId, groupId, usedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count !== 1) throw new SyncInputError("That key is already used or revoked");
}

/** Joins the group a valid share key points to. The key works once. */
export async function joinGroup(shop: string, key: string, opts: { locationId: string; buffer?: number }, now = new Date()) {
  if (!opts.locationId) throw new SyncInputError("Choose a location");
  const installed = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!installed || installed.uninstalledAt) throw new SyncInputError("Install Stockroom on this store first");
  const row = await prisma.syncShareKey.findUnique({ where: { keyHash: hashKey(key) } });
  if (!row || row.revokedAt || row.usedAt || row.expiresAt < now) throw new SyncInputError("This share key is not valid (used, revoked or expired)");
  await assertFree(shop);
  const { count } = await prisma.syncShareKey.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null }, data: { usedAt: now, usedByShop: shop } });
  if (count !== 1) throw new SyncInputError("This share key was just used");
  const existing = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId: row.groupId, shop } } });
  const member = existing
    ? await prisma.syncMember.update({ where: { id: existing.id }, data: { status: "active", locationId: opts.locationId, buffer: Math.max(0, opts.buffer ?? 0) } })
    : await prisma.syncMember.create({ data: { groupId: row.groupId, shop, locationId: opts.locationId, buffer: Math.max(0, opts.buffer ?? 0) } });
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: row.groupId } });
  await importIfEmpty(shop);
  if (group.status === "active") await linkMember(group, member);
  return { group, member };
}

export async function updateGroupSettings(groupId: string, shop: string, patch: { mode?: SyncMode; matchBy?: MatchBy; sourceShop?: string | null; driftThreshold?: number; reconcileIntervalMs?: number; name?: string }) {
  const { group } = await requireMember(groupId, shop);
  if (group.status === "active" && (patch.mode || patch.matchBy)) throw new SyncInputError("Pause the group before changing its mode or matching");
  if (patch.sourceShop) {
    const m = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId, shop: patch.sourceShop } } });
    if (!m || m.status !== "active") throw new SyncInputError("The source must be a member");
  }
  const mode = patch.mode ?? group.mode;
  return prisma.syncGroup.update({
    where: { id: groupId },
    data: {
      ...patch,
      sourceShop: mode === "source" ? (patch.sourceShop ?? group.sourceShop ?? group.ownerShop) : null,
    },
  });
}

export async function updateMember(groupId: string, shop: string, patch: { locationId?: string; buffer?: number }) {
  const { group, member } = await requireMember(groupId, shop);
  if (patch.locationId && patch.locationId !== member.locationId && group.status === "active") throw new SyncInputError("Pause the group before changing the location");
  const updated = await prisma.syncMember.update({
    where: { id: member.id },
    data: { ...(patch.locationId ? { locationId: patch.locationId } : {}), ...(patch.buffer !== undefined ? { buffer: Math.max(0, Math.floor(patch.buffer)) } : {}) },
  });
  if (patch.buffer !== undefined && group.status === "active") await enqueueAllItems(groupId, shop);
  return updated;
}

// ───────────────────────────────────────────── preview / matching

export interface PreviewRow {
  key: string;
  members: { shop: string; variantId: string; inventoryItemId: string | null; title: string }[];
}

export interface GroupPreview {
  matched: PreviewRow[];
  unmatched: PreviewRow[];
  conflicting: { key: string; shop: string; variants: { variantId: string; title: string }[] }[];
  missingKey: { shop: string; variantId: string; title: string }[];
}

/** What enabling would link: keys in several stores, keys in one, duplicates within a store, variants without a key. */
export async function previewGroup(groupId: string, shop: string): Promise<GroupPreview> {
  const { group } = await requireMember(groupId, shop);
  const members = await prisma.syncMember.findMany({ where: { groupId, status: "active" } });
  const byKey = new Map<string, Map<string, PreviewRow["members"]>>();
  const missingKey: GroupPreview["missingKey"] = [];
  for (const m of members) {
    const variants = await prisma.catalogVariant.findMany({ where: { shop: m.shop, tracked: true }, orderBy: { variantId: "asc" } });
    for (const v of variants) {
      const key = (group.matchBy === "barcode" ? v.barcode : v.sku)?.trim();
      if (!key) {
        missingKey.push({ shop: m.shop, variantId: v.variantId, title: v.title });
        continue;
      }
      const perShop = byKey.get(key) ?? new Map();
      perShop.set(m.shop, [...(perShop.get(m.shop) ?? []), { shop: m.shop, variantId: v.variantId, inventoryItemId: v.inventoryItemId, title: v.title }]);
      byKey.set(key, perShop);
    }
  }
  const out: GroupPreview = { matched: [], unmatched: [], conflicting: [], missingKey };
  for (const [key, perShop] of [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const dup = [...perShop.entries()].filter(([, vs]) => vs.length > 1);
    if (dup.length) {
      for (const [s, vs] of dup) out.conflicting.push({ key, shop: s, variants: vs.map((v) => ({ variantId: v.variantId, title: v.title })) });
      continue;
    }
    const row = { key, members: [...perShop.values()].map((vs) => vs[0]) };
    (perShop.size > 1 ? out.matched : out.unmatched).push(row);
  }
  return out;
}

/** Links the matched SKUs of every member and starts the engine. */
export async function enableGroup(groupId: string, shop: string) {
  const { group } = await requireMember(groupId, shop);
  const preview = await previewGroup(groupId, shop);
  const active = await prisma.syncGroup.update({ where: { id: groupId }, data: { status: "active" } });
  for (const c of preview.conflicting) {
    await openException({
      class: "sku_conflict",
      groupId,
      shop: c.shop,
      sku: c.key,
      subject: `${c.shop}|${c.key}`,
      title: `${c.variants.length} variants share ${group.matchBy} ${c.key} in ${c.shop}: not synced until fixed`,
      members: c.variants,
    });
  }
  const members = await prisma.syncMember.findMany({ where: { groupId, status: "active" } });
  // The pool of each SKU starts from the source (source mode) or the owner, else the first member that has it.
  const order = [...members].sort((a, b) => rank(active, b) - rank(active, a));
  for (const m of order) await linkMember(active, m, preview, { enqueue: false });
  await enqueueAllItems(groupId, shop);
  const { scheduleReconciliation } = await import("./reconcile.server");
  await scheduleReconciliation();
  return active;
}

function rank(group: SyncGroup, m: SyncMember): number {
  if (group.mode === "source") return m.shop === group.sourceShop ? 2 : 0;
  return m.shop === group.ownerShop ? 1 : 0;
}

/** Creates the member's links for every matchable SKU (reading its real levels first). */
async function linkMember(group: SyncGroup, member: SyncMember, preview?: GroupPreview, { enqueue = true } = {}) {
  const p = preview ?? (await previewGroup(group.id, member.shop));
  const rows = [...p.matched, ...p.unmatched]
    .map((r) => ({ key: r.key, v: r.members.find((x) => x.shop === member.shop) }))
    .filter((r): r is { key: string; v: PreviewRow["members"][number] } => !!r.v?.inventoryItemId);
  for (let i = 0; i < rows.length; i += 250) {
    const chunk = rows.slice(i, i + 250);
    const at = new Date();
    const levels = await readLevels(member.shop, chunk.map((r) => r.v.inventoryItemId!), member.locationId);
    for (const r of chunk) {
      const level = levels.find((l) => l.inventoryItemId === r.v.inventoryItemId);
      if (!level || level.available === null) continue;
      await linkItem(group, member, { sku: r.key, inventoryItemId: r.v.inventoryItemId!, variantId: r.v.variantId, available: level.available, at });
    }
  }
  if (enqueue) await enqueueAllItems(group.id, member.shop);
}

/** After an import: link what the shop's catalog now holds in its active group. */
export async function linkShopAfterImport(shop: string) {
  const members = await prisma.syncMember.findMany({ where: { shop, status: "active" } });
  for (const m of members) {
    const group = await prisma.syncGroup.findUnique({ where: { id: m.groupId } });
    if (group?.status === "active") await linkMember(group, m);
  }
}

async function enqueueAllItems(groupId: string, shop: string | null) {
  const items = await prisma.syncItem.findMany({ where: { groupId }, select: { sku: true } });
  for (const it of items) await enqueueItem(groupId, it.sku, shop);
  dbQueue.notify();
}

export async function setGroupStatus(groupId: string, shop: string, status: "active" | "paused") {
  const { group } = await requireMember(groupId, shop);
  if (group.status === "draft" && status === "active") return enableGroup(groupId, shop);
  const updated = await prisma.syncGroup.update({ where: { id: groupId }, data: { status } });
  if (status === "active") await enqueueAllItems(groupId, shop);
  return updated;
}

/** The shop leaves: its links stop, the others keep syncing. */
export async function leaveGroup(groupId: string, shop: string) {
  const { member, group } = await requireMember(groupId, shop);
  await prisma.$transaction([
    prisma.syncMember.update({ where: { id: member.id }, data: { status: "left" } }),
    prisma.syncLink.updateMany({ where: { memberId: member.id }, data: { status: "unlinked" } }),
  ]);
  const remaining = await prisma.syncMember.findFirst({ where: { groupId, status: "active" }, orderBy: { joinedAt: "asc" } });
  if (remaining && group.ownerShop === shop) await prisma.syncGroup.update({ where: { id: groupId }, data: { ownerShop: remaining.shop } });
  if (!remaining) await prisma.syncGroup.update({ where: { id: groupId }, data: { status: "paused" } });
}

export async function setItemPaused(groupId: string, shop: string, sku: string, paused: boolean, note: string) {
  await requireMember(groupId, shop);
  if (!note.trim()) throw new SyncInputError("A note is required");
  const item = await prisma.syncItem.findUnique({ where: { groupId_sku: { groupId, sku } } });
  if (!item) throw new SyncAccessError("SKU not found");
  await enqueueItemCommand(groupId, sku, shop, { kind: paused ? "pause" : "resume", note: note.trim(), by: shop });
  dbQueue.notify();
}

// ───────────────────────────────────────────── unlinking

export async function unlinkInventoryItem(shop: string, inventoryItemId: string, cause: string) {
  const links = await prisma.syncLink.findMany({ where: { shop, inventoryItemId, status: "linked" } });
  for (const l of links) {
    await prisma.$transaction([
      prisma.syncLink.update({ where: { id: l.id }, data: { status: "unlinked" } }),
      prisma.stockEvent.create({
        data: { groupId: l.groupId, sku: l.sku, shop, inventoryItemId, locationId: l.locationId, cause: "unlink", delta: 0, valueAfter: l.lastSeen, result: "unlinked", detail: cause },
      }),
    ]);
  }
  return links.length;
}

/** products/delete: the catalog handler already removed the variants; unlink what they left orphaned. */
export async function unlinkProduct(shop: string, productId: string) {
  const links = await prisma.syncLink.findMany({ where: { shop, status: "linked", variantId: { not: null } } });
  if (!links.length) return 0;
  const live = new Set(
    (await prisma.catalogVariant.findMany({ where: { shop, variantId: { in: links.map((l) => l.variantId!) } }, select: { variantId: true } })).map((v) => v.variantId),
  );
  let n = 0;
  for (const l of links) if (!live.has(l.variantId!)) n += await unlinkInventoryItem(shop, l.inventoryItemId, `products/delete ${productId}`);
  return n;
}
