// The write breaker (app/db-breaker.server.ts) against a database that is really away: this file's
// SQLite file write-locked by another connection (the client waits 300 ms for it), or, on
// PostgreSQL, a server that is not there. Once a try found it away, writes fail at once for the
// window, then one tries again; on SQLite reads still run meanwhile (WAL).
import { PrismaClient } from "@prisma/client";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { withWriteBreaker } from "../../app/db-breaker.server";
import { DatabaseAwayError, isDatabaseUnavailable } from "../../app/db-unavailable.server";
import prisma from "../../app/db.server";

const onPostgres = process.env.TEST_DB === "postgres";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A client of the database that is away now, and (SQLite) the way to bring it back. */
async function awayClient(): Promise<{ client: PrismaClient; back?: () => void }> {
  if (onPostgres) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://nobody@127.0.0.1:9/none", connectionTimeoutMillis: 1_000 }) });
    cleanups.push(() => client.$disconnect());
    return { client };
  }
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: process.env.DATABASE_URL!, timeout: 300 }) });
  const lock = new Database(process.env.DATABASE_URL!.slice("file:".length), { timeout: 5_000 });
  lock.exec("BEGIN EXCLUSIVE");
  let locked = true;
  const back = () => {
    if (locked) lock.exec("ROLLBACK");
    locked = false;
  };
  cleanups.push(() => client.$disconnect(), back, () => lock.close());
  return { client, back };
}

async function attempt(p: Promise<unknown>): Promise<{ ms: number; error?: unknown }> {
  const t0 = Date.now();
  try {
    await p;
    return { ms: Date.now() - t0 };
  } catch (error) {
    return { ms: Date.now() - t0, error };
  }
}

const write = (db: PrismaClient, id: string) => db.jobSchedule.deleteMany({ where: { name: id } });

describe("write breaker", () => {
  it("after a try finds the database away, writes fail at once for the window, then try again", async () => {
    const { client, back } = await awayClient();
    let now = 1_000_000;
    const db = withWriteBreaker(client, 2_000, () => now);

    const first = await attempt(write(db, "a"));
    expect(isDatabaseUnavailable(first.error)).toBe(true);
    expect(first.error).not.toBeInstanceOf(DatabaseAwayError);

    // Within the window: refused without a try (a try takes the busy timeout or the connect).
    const refused = await attempt(db.job.updateMany({ where: { id: -1 }, data: { attempts: 1 } }));
    expect(refused.error).toBeInstanceOf(DatabaseAwayError);
    expect(isDatabaseUnavailable(refused.error)).toBe(true);
    expect(refused.ms).toBeLessThan(200);
    if (!onPostgres) {
      // A reader is not blocked by a writer in WAL mode, so reads still run.
      expect((await attempt(db.job.count())).error).toBeUndefined();
    }

    // After the window one write tries again (and finds it still away).
    now += 2_001;
    const again = await attempt(write(db, "b"));
    expect(isDatabaseUnavailable(again.error)).toBe(true);
    expect(again.error).not.toBeInstanceOf(DatabaseAwayError);

    if (back) {
      back();
      now += 2_001;
      expect((await attempt(write(db, "c"))).error).toBeUndefined();
      expect((await attempt(write(db, "d"))).error).toBeUndefined();
    }
  });

  it("a query that is wrong (not the database away) does not open it", async () => {
    let now = 1_000_000;
    const db = withWriteBreaker(prisma, 2_000, () => now);
    const wrong = await attempt(db.$executeRawUnsafe("UPDATE no_such_table SET x = 1"));
    expect(wrong.error).toBeDefined();
    expect(isDatabaseUnavailable(wrong.error)).toBe(false);
    now += 1;
    expect((await attempt(write(db, "e"))).error).toBeUndefined();
  });
});
