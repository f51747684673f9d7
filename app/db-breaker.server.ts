import type { PrismaClient } from "@prisma/client";
import { DatabaseAwayError, isDatabaseUnavailable } from "./db-unavailable.server";

const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

/**
 * Once a query finds the database away (SQLite locked by another process past the busy timeout),
 * writes fail at once with DatabaseAwayError for `windowMs`; then the next write tries again.
 * On SQLite every try holds the whole process for the busy timeout (better-sqlite3 waits
 * synchronously), so without this a burst of writers (jobs in flight, deliveries, the worker's
 * claims) would stack their waits and delay every answer, webhook intake's 503 included, past
 * Shopify's 5 s (test/fault/db-away.test.ts). Reads pass: in WAL mode a writer does not block them.
 */
export function withWriteBreaker(client: PrismaClient, windowMs: number, now: () => number = Date.now): PrismaClient {
  let awayUntil = 0;
  return client.$extends({
    query: {
      async $allOperations({ operation, args, query }) {
        const write = WRITES.has(operation);
        if (write && now() < awayUntil) throw new DatabaseAwayError();
        try {
          return await query(args);
        } catch (error) {
          if (isDatabaseUnavailable(error)) awayUntil = now() + windowMs;
          throw error;
        }
      },
    },
  }) as unknown as PrismaClient;
}
