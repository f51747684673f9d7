import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { isDatabaseUnavailable } from "../db-unavailable.server";
import { jobCreateData } from "../queue/db-queue.server";
import type { JobSpec } from "../queue/types";

export type InboxRow = Prisma.WebhookInboxCreateManyInput & { id: string; shop: string; eventId: string };

interface Pending {
  row: InboxRow;
  job: JobSpec | null;
  resolve: (result: "stored" | "duplicate") => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Group commit for the inbox: deliveries that arrive while a commit is in flight are written
 * together in the next transaction (inbox rows + their jobs), and each request is answered
 * only after the transaction holding its row committed. One fsync serves many deliveries,
 * which is what lets one SQLite file take thousands of webhooks per second.
 */
export class InboxWriter {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly onCommitted: () => void = () => {}) {}

  write(row: InboxRow, job: JobSpec | null): Promise<"stored" | "duplicate"> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, job, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MAX_BATCH);
      try {
        await this.commit(batch);
      } catch (error) {
        // The database is away (locked past the busy timeout, unreachable): every delivery of the
        // batch is refused now (503, Shopify retries), not once more each after another wait.
        if (isDatabaseUnavailable(error)) {
          for (const p of batch) p.reject(error);
          continue;
        }
        // A unique violation from another process racing us, or a bad row: fall back to one
        // transaction per delivery so each gets its own correct answer.
        for (const p of batch) await this.commit([p]).catch(p.reject);
      }
    }
    this.flushing = false;
    this.onCommitted();
  }

  private async commit(batch: Pending[]): Promise<void> {
    const seen = new Set<string>();
    const fresh: Pending[] = [];
    const duplicates: Pending[] = [];
    for (const p of batch) {
      const key = `${p.row.shop}\u0000${p.row.eventId}`;
      (seen.has(key) ? duplicates : fresh).push(p);
      seen.add(key);
    }
    // Optimistic: redeliveries are rare, so insert without reading first (one multi-row INSERT
    // per table, one transaction). Only when that hits the unique (shop, eventId) do we read
    // which events are already stored and insert the rest.
    let toInsert = fresh;
    try {
      await this.insert(toInsert);
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
      const existing = await this.existingKeys(fresh.map((p) => p.row));
      toInsert = fresh.filter((p) => !existing.has(`${p.row.shop}\u0000${p.row.eventId}`));
      duplicates.push(...fresh.filter((p) => existing.has(`${p.row.shop}\u0000${p.row.eventId}`)));
      await this.insert(toInsert);
    }
    for (const p of toInsert) p.resolve("stored");
    for (const p of duplicates) p.resolve("duplicate");
  }

  private async insert(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return;
    const jobs = batch.flatMap((p) => (p.job ? [jobCreateData(p.job)] : []));
    await prisma.$transaction([
      prisma.webhookInbox.createMany({ data: batch.map((p) => p.row) }),
      ...(jobs.length ? [prisma.job.createMany({ data: jobs })] : []),
    ]);
  }

  private async existingKeys(rows: InboxRow[]): Promise<Set<string>> {
    const byShop = new Map<string, string[]>();
    for (const r of rows) byShop.set(r.shop, [...(byShop.get(r.shop) ?? []), r.eventId]);
    const found = new Set<string>();
    for (const [shop, eventIds] of byShop) {
      const hits = await prisma.webhookInbox.findMany({ where: { shop, eventId: { in: eventIds } }, select: { eventId: true } });
      for (const h of hits) found.add(`${shop}\u0000${h.eventId}`);
    }
    return found;
  }
}
