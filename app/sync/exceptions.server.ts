import type { Prisma, SyncException } from "@prisma/client";
import prisma from "../db.server";
import { routeOpenedException } from "../owners/routing.server";

type Db = Prisma.TransactionClient | typeof prisma;

import { EXCEPTION_CLASSES, type ExceptionClass } from "./exception-classes";

export { EXCEPTION_CLASSES, type ExceptionClass };

/** Hours until an exception of each class is overdue. */
export const SLA_HOURS: Record<ExceptionClass, number> = {
  drift: 4,
  write_failed: 2,
  sku_conflict: 24,
  unknown_sku: 24,
  oversell: 1,
  missing_scope: 24,
  stale_feed: 4,
  feed_suspect: 2,
};

export interface TrailEntry {
  at: string;
  by: string;
  action: string;
  note?: string;
  detail?: unknown;
}

export interface OpenExceptionInput {
  class: ExceptionClass;
  groupId?: string | null;
  shop: string;
  sku?: string | null;
  locationId?: string | null;
  /** Identity of the trouble: at most one open exception per key. */
  subject: string;
  title: string;
  detail?: string;
  members?: unknown[];
  amount?: number | null;
  sourceEventId?: string | null;
  payloadSnapshot?: unknown;
  now?: Date;
}

export function openKeyFor(cls: ExceptionClass, groupId: string | null | undefined, subject: string): string {
  return `${cls}|${groupId ?? "-"}|${subject}`;
}

/**
 * Opens an exception, or — when one is already open for the same trouble — adds the new
 * occurrence to its trail (P5: exactly one open exception per discrepancy).
 */
export async function openException(input: OpenExceptionInput, db: Db = prisma): Promise<{ exception: SyncException; created: boolean }> {
  const now = input.now ?? new Date();
  const openKey = openKeyFor(input.class, input.groupId, input.subject);
  const existing = await db.syncException.findUnique({ where: { openKey } });
  const entry: TrailEntry = { at: now.toISOString(), by: "engine", action: existing ? "recurred" : "opened", note: input.title, detail: { amount: input.amount ?? null, sourceEventId: input.sourceEventId ?? null } };
  if (existing) {
    const trail = [...(JSON.parse(existing.trail) as TrailEntry[]), entry].slice(-200);
    const exception = await db.syncException.update({
      where: { id: existing.id },
      data: {
        trail: JSON.stringify(trail),
        amount: input.amount ?? existing.amount,
        detail: input.detail ?? existing.detail,
        ...(input.members ? { members: JSON.stringify(input.members) } : {}),
      },
    });
    return { exception, created: false };
  }
  try {
    const exception = await db.syncException.create({
      data: {
        class: input.class,
        groupId: input.groupId ?? null,
        shop: input.shop,
        sku: input.sku ?? null,
        locationId: input.locationId ?? null,
        openKey,
        title: input.title,
        detail: input.detail ?? "",
        members: JSON.stringify(input.members ?? []),
        amount: input.amount ?? null,
        sourceEventId: input.sourceEventId ?? null,
        payloadSnapshot: input.payloadSnapshot === undefined ? null : JSON.stringify(input.payloadSnapshot),
        slaDueAt: new Date(now.getTime() + SLA_HOURS[input.class] * 3_600_000),
        trail: JSON.stringify([entry]),
      },
    });
    return { exception: await routeOpenedException(exception, db), created: true };
  } catch (error) {
    // A concurrent opener won the unique openKey: record this occurrence on its row.
    if ((error as { code?: string }).code === "P2002") return openException(input, db);
    throw error;
  }
}

export async function appendTrail(id: string, entry: TrailEntry, db: Db = prisma): Promise<void> {
  const row = await db.syncException.findUniqueOrThrow({ where: { id } });
  const trail = [...(JSON.parse(row.trail) as TrailEntry[]), entry];
  await db.syncException.update({ where: { id }, data: { trail: JSON.stringify(trail) } });
}

export async function markResolved(
  id: string,
  { resolution, note, by, now = new Date() }: { resolution: string; note: string; by: string; now?: Date },
  db: Db = prisma,
): Promise<SyncException> {
  const row = await db.syncException.findUniqueOrThrow({ where: { id } });
  const trail = [...(JSON.parse(row.trail) as TrailEntry[]), { at: now.toISOString(), by, action: `resolved:${resolution}`, note }];
  return db.syncException.update({
    where: { id },
    data: { status: "resolved", openKey: null, resolution, resolutionNote: note, resolvedBy: by, resolvedAt: now, trail: JSON.stringify(trail) },
  });
}

export function isOverdue(e: Pick<SyncException, "status" | "slaDueAt">, now = new Date()): boolean {
  return e.status === "open" && e.slaDueAt.getTime() < now.getTime();
}
