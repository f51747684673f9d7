import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Migrates one template database per run with `prisma migrate deploy` (what production runs);
// test/support/env.ts then gives every test file its own copy of it, so files run in
// parallel without sharing rows or job queues. TEST_DB=postgres uses the server at PG_BASE_URL.
export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "stockroom-test-"));
  process.env.TEST_DB_DIR = dir;
  let cleanup: () => Promise<void>;
  if (process.env.TEST_DB === "postgres") {
    const base = process.env.PG_BASE_URL;
    if (!base) throw new Error("TEST_DB=postgres needs PG_BASE_URL (scripts/pg-cluster.sh start)");
    const prefix = `t${process.pid}_${Date.now()}`;
    const template = `${prefix}_template`;
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    // The fault suite stops the server for a while (test/fault/db-away.test.ts): a dropped
    // connection must not end the run; cleanup connects afresh.
    admin.on("error", () => undefined);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    process.env.TEST_DB_PREFIX = prefix;
    process.env.TEMPLATE_DATABASE_URL = `${base}/${template}`;
    migrate(process.env.TEMPLATE_DATABASE_URL);
    cleanup = async () => {
      const admin = new pg.Client({ connectionString: `${base}/postgres` });
      await admin.connect();
      const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    process.env.TEMPLATE_DATABASE_URL = `file:${join(dir, "template.sqlite")}`;
    migrate(process.env.TEMPLATE_DATABASE_URL);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  return cleanup;
}

function migrate(url: string) {
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { stdio: "pipe", env: { ...process.env, DATABASE_URL: url } });
}
