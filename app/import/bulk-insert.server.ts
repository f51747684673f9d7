import prisma from "../db.server";
import { databaseUrl, isPostgresUrl } from "../db-url";

type Value = string | number | boolean | Date | null;

/**
 * Multi-row INSERT for the first import of a large catalog: Prisma's createMany costs ~6× more
 * CPU per row here, which the 100k-variant budget cannot afford. Values are always bound
 * parameters; DateTimes are written in the exact format Prisma uses for each provider.
 */
export async function bulkInsert(table: string, columns: string[], rows: Value[][]): Promise<void> {
  if (!rows.length) return;
  const pg = isPostgresUrl(databaseUrl());
  const perStatement = Math.max(1, Math.floor((pg ? 60_000 : 30_000) / columns.length));
  const cols = columns.map((c) => `"${c}"`).join(",");
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    let n = 0;
    const tuples = chunk.map((r) => `(${r.map(() => (pg ? `$${++n}` : "?")).join(",")})`).join(",");
    const params = chunk.flatMap((r) => r.map((v) => (v instanceof Date ? (pg ? v : v.toISOString().replace("Z", "+00:00")) : typeof v === "boolean" && !pg ? (v ? 1 : 0) : v)));
    await prisma.$executeRawUnsafe(`INSERT INTO "${table}" (${cols}) VALUES ${tuples}`, ...params);
  }
}
