// Regenerates prisma/{,postgres/}migrations/0001_init from prisma/schema.prisma.
// Until the first release ships there is one init migration per provider; after that,
// new changes get their own migration folder (see docs/database.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

execFileSync("node", ["scripts/gen-pg-schema.mjs"], { stdio: "inherit" });
const prisma = "node_modules/.bin/prisma";
// The pg driver adapter connects even for a pure diff: use the test cluster (scripts/pg-cluster.sh).
function pgDiffUrl() {
  const base = process.env.PG_BASE_URL;
  if (!base) throw new Error("PG_BASE_URL is not set: run eval \"$(scripts/pg-cluster.sh start)\" first");
  return `${base}/postgres`;
}
const targets = [
  { schema: "prisma/schema.prisma", dir: "prisma/migrations", provider: "sqlite", url: "file:./prisma/migration-diff.sqlite" },
  { schema: "prisma/postgres/schema.prisma", dir: "prisma/postgres/migrations", provider: "postgresql", url: pgDiffUrl() },
];
for (const t of targets) {
  const sql = execFileSync(prisma, ["migrate", "diff", "--from-empty", "--to-schema-datamodel", t.schema, "--script"], {
    env: { ...process.env, DATABASE_URL: t.url },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  mkdirSync(`${t.dir}/0001_init`, { recursive: true });
  writeFileSync(`${t.dir}/0001_init/migration.sql`, sql);
  writeFileSync(`${t.dir}/migration_lock.toml`, `provider = "${t.provider}"\n`);
  console.log(`wrote ${t.dir}/0001_init/migration.sql`);
}
