import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { withWriteBreaker } from "./db-breaker.server";
import { databaseUrl, isPostgresUrl } from "./db-url";
import { log } from "./log.server";

/** How long a query waits for another process's SQLite write lock (see below). */
const SQLITE_BUSY_TIMEOUT_MS = 2_000;

// The generated client is tied to one provider (see docs/database.md): `npm run setup`
// generates it from prisma/schema.prisma (SQLite) or prisma/postgres/schema.prisma,
// chosen by DATABASE_URL, and the adapter here follows the same URL.
function createPrisma(): PrismaClient {
  const url = databaseUrl();
  if (isPostgresUrl(url)) {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    // A pooled connection the server ends (restart, failover) emits 'error' outside any query:
    // log it and let the pool open a new one, instead of the unhandled event ending the process.
    const dropped = (what: string) => (error: Error) => log("warn", `database ${what} lost; reconnecting on next use`, { error: error.message });
    const adapter = new PrismaPg({ connectionString: url, max }, { onPoolError: dropped("pool connection"), onConnectionError: dropped("connection") });
    return new PrismaClient({ adapter });
  }
  // Wait for another process's write lock instead of failing at once with SQLITE_BUSY, but not
  // for long: better-sqlite3 waits synchronously, so the whole process (every request) waits
  // with it. Once a wait ran out, writes fail at once for a moment (app/db-breaker.server.ts), so
  // webhook intake answers 503 within Shopify's 5 s (test/fault/db-away.test.ts).
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // WAL lets readers run while the single writer commits (persistent in the file once set).
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  return withWriteBreaker(client, SQLITE_BUSY_TIMEOUT_MS);
}

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// Reuse one client across Vite HMR reloads in development.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrisma();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
