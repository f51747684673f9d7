// Shared set-up of the sync benchmarks: a private migrated SQLite database and app env, then
// the in-process stand-in (dev/store + dev/admin with real latency) wired to the app's intake.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function prepareEnv() {
  const dir = mkdtempSync(join(tmpdir(), "stockroom-sync-bench-"));
  process.env.DATABASE_URL ||= `file:${join(dir, "bench.sqlite")}`;
  process.env.SHOPIFY_API_KEY = "test-api-key";
  process.env.SHOPIFY_API_SECRET ||= "bench-api-secret";
  process.env.SHOPIFY_APP_URL ||= "http://127.0.0.1:3999";
  process.env.SCOPES ||= "read_products,read_inventory,write_inventory";
  process.env.LOG_LEVEL ||= "error";
  // A key for the session storage's encryption at rest (app/security/encrypted-session-storage.server.ts).
  process.env.SESSION_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  process.env.WORKER = "off";
  process.env.NODE_ENV ||= "production";
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { stdio: "pipe", env: process.env });
}

export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function writeResult(name: string, data: unknown) {
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify(data, null, 2));
  console.log(`wrote ${file}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
