// Sync groups and who belongs to them: create, share keys, join, leave. Every function takes
// the authenticated shop and only reaches groups that shop is an active member of.
import { createHash, randomBytes } from "node:crypto";
import type { SyncGroup, SyncMember } from "@prisma/client";
import prisma from "../db.server";
import { startBulkLevelsRun } from "../import/bulk-import.server";
import { log } from "../log.server";
import { readLocationName } from "./admin-ops.server";
import type { SyncDeps } from "./deps";
import { requireMember } from "./access.server";
import { SyncInputError } from "./errors";
import { linkMember } from "./enable.server";
import { asProtection, type Protection } from "./targets";

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

async function assertFree(shop: string) {
  const active = await prisma.syncMember.findFirst({ where: { shop, status: "active" } });
  if (active) throw new SyncInputError("This store already belongs to a sync group; leave it first");
}

export interface CreateGroupInput {
  name: string;
  mode?: SyncMode;
  matchBy?: MatchBy;
  protection?: Protection;
  locationId: string;
  buffer?: number;
  driftThreshold?: number;
}

/** Creates a group with `shop` as owner and first member; returns the one-time share key. */
export async function createGroup(deps: SyncDeps, shop: string, input: CreateGroupInput): Promise<{ group: SyncGroup; member: SyncMember; shareKey: string }> {
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
      protection: asProtection(input.protection),
      driftThreshold: input.driftThreshold ?? 5,
    },
  });
  const locationName = await readLocationName(deps.admin, shop, input.locationId);
  const member = await prisma.syncMember.create({
    data: { groupId: group.id, shop, locationId: input.locationId, locationName, buffer: Math.max(0, input.buffer ?? 0) },
  });
  const { key } = await createShareKey(group.id, shop);
  await importIfEmpty(deps, shop);
  return { group, member, shareKey: key };
}

/** A shop joining sync without a catalog in the app yet gets its initial bulk import. */
async function importIfEmpty(deps: SyncDeps, shop: string) {
  if (await prisma.catalogVariant.findFirst({ where: { shop }, select: { variantId: true } })) return;
  if (await prisma.importRun.findFirst({ where: { shop, status: { in: ["created", "running"] } } })) return;
  try {
    await startBulkLevelsRun(deps.admin(shop), shop, { purpose: "import" });
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
export async function joinGroup(deps: SyncDeps, shop: string, key: string, opts: { locationId: string; buffer?: number }, now = new Date()) {
  if (!opts.locationId) throw new SyncInputError("Choose a location");
  const installed = await prisma.shop.findUnique({ where: { domain: shop } });
  if (!installed || installed.uninstalledAt) throw new SyncInputError("Install Stockroom on this store first");
  const row = await prisma.syncShareKey.findUnique({ where: { keyHash: hashKey(key) } });
  if (!row || row.revokedAt || row.usedAt || row.expiresAt < now) throw new SyncInputError("This share key is not valid (used, revoked or expired)");
  await assertFree(shop);
  await deps.plan?.beforeJoin(row.groupId, shop);
  const { count } = await prisma.syncShareKey.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null }, data: { usedAt: now, usedByShop: shop } });
  if (count !== 1) throw new SyncInputError("This share key was just used");
  const locationName = await readLocationName(deps.admin, shop, opts.locationId);
  const existing = await prisma.syncMember.findUnique({ where: { groupId_shop: { groupId: row.groupId, shop } } });
  const data = { status: "active", locationId: opts.locationId, locationName, buffer: Math.max(0, opts.buffer ?? 0) };
  const member = existing ? await prisma.syncMember.update({ where: { id: existing.id }, data }) : await prisma.syncMember.create({ data: { groupId: row.groupId, shop, ...data } });
  const group = await prisma.syncGroup.findUniqueOrThrow({ where: { id: row.groupId } });
  await importIfEmpty(deps, shop);
  if (group.status === "active") await linkMember(deps, group, member);
  return { group, member };
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
