import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { defineConfig } from "prisma/config";
import { DEFAULT_DATABASE_URL, isPostgresUrl } from "./app/db-url";

// Prisma 6.19 falls back to downloading its native engine when env("DATABASE_URL") cannot be
// resolved, and that host is unreachable here; so the URL is always defined before the schema loads.
process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
const url = process.env.DATABASE_URL;
const isPostgres = isPostgresUrl(url);

async function sqliteAdapter() {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  const factory = new PrismaBetterSQLite3({ url });
  // The wasm schema engine replays migrations into the shadow DB through executeRaw(), which
  // better-sqlite3 rejects for multi-statement SQL (P3006). Send argument-less statements
  // through executeScript() instead.
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const shadow = await connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (q) => {
      if (q.args.length > 0) return executeRaw(q);
      await shadow.executeScript(q.sql);
      return 0;
    };
    return shadow;
  };
  return factory;
}

async function postgresAdapter() {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { default: pg } = await import("pg");
  // prisma/orm#27403: schema-engine catalog queries return `name` (OID 19) and `"char"` (OID 18)
  // columns that adapter-pg 6.19 cannot map. Report them as text, in the CLI process only.
  const Result = createRequire(import.meta.url)("pg/lib/result");
  const addFields = Result.prototype.addFields;
  Result.prototype.addFields = function (fields: Array<{ dataTypeID: number }>) {
    for (const f of fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
  // Discrete fields: with a connectionString adapter-pg's shadow pool would point at the main DB.
  const u = new URL(url);
  const cfg = {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: u.pathname.slice(1),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
  const factory = new PrismaPg(cfg);
  // adapter-pg drops the shadow DB before closing its pool; own that lifecycle.
  factory.connectToShadowDb = async () => {
    const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(cfg);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const shadow = await new PrismaPg({ ...cfg, database: name }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    };
    return shadow;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  adapter: isPostgres ? postgresAdapter : sqliteAdapter,
});
