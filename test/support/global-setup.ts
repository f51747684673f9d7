import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPostgresUrl } from "../../app/db-url";

// Each test run gets its own database: a fresh SQLite file, or a fresh database on the
// PostgreSQL server named by PG_BASE_URL (when TEST_DB=postgres). Migrations are applied
// with `prisma migrate deploy`, the same command production uses.
export default async function setup() {
  let cleanup: () => Promise<void> | void;
  if (process.env.TEST_DB === "postgres") {
    const base = process.env.PG_BASE_URL;
    if (!base) throw new Error("TEST_DB=postgres needs PG_BASE_URL (scripts/pg-cluster.sh start)");
    const name = `stockroom_test_${process.pid}_${Date.now()}`;
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    process.env.DATABASE_URL = `${base}/${name}`;
    cleanup = async () => {
      const c = new pg.Client({ connectionString: `${base}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), "stockroom-test-"));
    process.env.DATABASE_URL = `file:${join(dir, "test.sqlite")}`;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  if (!isPostgresUrl(process.env.DATABASE_URL!) && process.env.TEST_DB === "postgres") throw new Error("unreachable");
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { stdio: "pipe", env: process.env });
  return cleanup;
}
