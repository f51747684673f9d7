import { Prisma } from "@prisma/client";

/** A write refused without a try because the database was just found away (app/db-breaker.server.ts). */
export class DatabaseAwayError extends Error {
  constructor() {
    super("database away: write refused without a try (it failed moments ago)");
    this.name = "DatabaseAwayError";
  }
}

/**
 * Whether a database error means the database is away rather than that the query was wrong:
 * Prisma's connection-level errors (P1xxx: cannot reach, timed out — SQLite's SQLITE_BUSY past
 * the busy timeout is P1008 —, connection closed), P2024 (no pooled connection in time), a
 * client that could not start, or a write the breaker refused. Callers back off or refuse (503)
 * instead of retrying at once.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseAwayError || error instanceof Prisma.PrismaClientInitializationError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (/^P1\d{3}$/.test(code) || code === "P2024");
}
