import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, isPostgresUrl } from "./db-url";

// The generated client is tied to one provider (see docs/database.md): `npm run setup`
// generates it from prisma/schema.prisma (SQLite) or prisma/postgres/schema.prisma,
// chosen by DATABASE_URL, and the adapter here follows the same URL.
function createPrisma(): PrismaClient {
  const url = databaseUrl();
  if (isPostgresUrl(url)) {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
  }
  // Wait up to 10 s for another process's write lock instead of failing with SQLITE_BUSY.
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
  // WAL lets readers run while the single writer commits (persistent in the file once set).
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => undefined);
  return client;
}

declare global {
  var prismaGlobal: PrismaClient | undefined;
}

// Reuse one client across Vite HMR reloads in development.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrisma();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
