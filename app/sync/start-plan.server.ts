// The starting pool, shown before anything is written: per SKU each member's current value (read
// live) and the value it will get under the chosen rule. Enabling writes exactly a saved plan, or
// refuses and shows a fresh one when a store's number moved since.
import type { SyncGroup, SyncStartPlan } from "@prisma/client";
import prisma from "../db.server";
import { readLevels } from "./admin-ops.server";
import type { SyncDeps } from "./deps";
import { previewGroup, type GroupPreview } from "./matching.server";
import { ruleInWords, ruleOutcomes, startingPool, startTargets, type StartRule } from "./start-rules";
import { asProtection } from "./targets";

export interface PlanMember {
  memberId: string;
  shop: string;
  inventoryItemId: string;
  variantId: string;
  title: string;
  current: number;
  target: number;
}

export interface PlanRow {
  key: string;
  pool: number;
  allocating: boolean;
  words: string;
  /** the pool each rule would give (shared pools; a source group has one rule) */
  outcomes?: { label: string; pool: number }[];
  members: PlanMember[];
}

export interface StartPlan {
  id: string;
  rule: StartRule;
  rows: PlanRow[];
  readAt: Date;
  preview: GroupPreview;
}

/** Reads every member's current levels and computes the plan (nothing is written to any store). */
export async function computePlan(deps: SyncDeps, group: SyncGroup, rule: StartRule): Promise<Omit<StartPlan, "id">> {
  const members = await prisma.syncMember.findMany({ where: { groupId: group.id, status: "active" }, orderBy: { joinedAt: "asc" } });
  const preview = await previewGroup(group, members);
  const readAt = new Date();
  const current = new Map<string, number>();
  for (const m of members) {
    const ids = [...preview.matched, ...preview.unmatched].flatMap((r) => r.members.filter((x) => x.shop === m.shop && x.inventoryItemId).map((x) => x.inventoryItemId!));
    for (let i = 0; i < ids.length; i += 250) {
      for (const l of await readLevels(deps.admin, m.shop, ids.slice(i, i + 250), m.locationId)) if (l.available !== null) current.set(`${m.shop}|${l.inventoryItemId}`, l.available);
    }
  }
  const protection = group.mode === "source" ? "off" : asProtection(group.protection);
  const effective: StartRule = group.mode === "source" ? { kind: "store", shop: group.sourceShop ?? group.ownerShop } : rule;
  const rows: PlanRow[] = [];
  for (const r of [...preview.matched, ...preview.unmatched]) {
    const ms = members.flatMap((m) => {
      const v = r.members.find((x) => x.shop === m.shop);
      const value = v?.inventoryItemId ? current.get(`${m.shop}|${v.inventoryItemId}`) : undefined;
      return v && value !== undefined ? [{ member: m, v, value }] : [];
    });
    if (!ms.length) continue;
    const values = ms.map((x) => ({ shop: x.member.shop, value: x.value }));
    const pool = startingPool(effective, values);
    const { targets, allocating } = startTargets(pool, ms.map((x) => x.member.buffer), protection, group.allocateBelow);
    rows.push({
      key: r.key,
      pool,
      allocating,
      words: ruleInWords(effective, values, pool),
      outcomes: group.mode === "source" ? [] : ruleOutcomes(values).map((o) => ({ label: o.label, pool: o.pool })),
      members: ms.map((x, i) => ({ memberId: x.member.id, shop: x.member.shop, inventoryItemId: x.v.inventoryItemId!, variantId: x.v.variantId, title: x.v.title, current: x.value, target: targets[i] })),
    });
  }
  return { rule: effective, rows, readAt, preview };
}

export async function savePlan(groupId: string, by: string, plan: Omit<StartPlan, "id">): Promise<StartPlan> {
  const row = await prisma.syncStartPlan.create({
    data: { groupId, rule: plan.rule.kind, ruleShop: plan.rule.kind === "store" ? plan.rule.shop : null, createdBy: by, rows: JSON.stringify({ rows: plan.rows, preview: plan.preview, readAt: plan.readAt }) },
  });
  return { ...plan, id: row.id };
}

export function planOf(row: SyncStartPlan): StartPlan {
  const body = JSON.parse(row.rows) as { rows: PlanRow[]; preview: GroupPreview; readAt: string };
  const rule: StartRule = row.rule === "sum" || row.rule === "lowest" ? { kind: row.rule } : { kind: "store", shop: row.ruleShop ?? "" };
  return { id: row.id, rule, rows: body.rows, preview: body.preview, readAt: new Date(body.readAt) };
}

export async function latestPlan(groupId: string): Promise<StartPlan | null> {
  const row = await prisma.syncStartPlan.findFirst({ where: { groupId, usedAt: null }, orderBy: { createdAt: "desc" } });
  return row ? planOf(row) : null;
}

/** SKUs whose members, values or outcome differ between the plan the merchant saw and now. */
export function planDifferences(saw: StartPlan, now: Omit<StartPlan, "id">): string[] {
  const fingerprint = (r: PlanRow) => JSON.stringify([r.pool, r.members.map((m) => [m.shop, m.inventoryItemId, m.current, m.target])]);
  const a = new Map(saw.rows.map((r) => [r.key, fingerprint(r)]));
  const b = new Map(now.rows.map((r) => [r.key, fingerprint(r)]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

