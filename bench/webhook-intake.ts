/**
 * Webhook intake: N concurrent clients POST correctly signed deliveries (a mix of topics,
 * 10% duplicates) to the app's webhook route running in its own process; prints deliveries/s,
 * ack p50/p99, and inbox rows vs distinct events. Then the same load against the way the
 * Remix template handles webhooks (work done inline before the 200), for the ratio.
 * Configurations side by side (SQLite embedded with the worker in the web process or in its own
 * process; PostgreSQL + pg-boss with 1 web + 1 worker and 2 web + 2 workers), each: the
 * closed loop with 200 clients, steady 500/1,000/2,000 per second, the time until every job
 * is processed, and inbox rows = distinct events = processed (0 lost). PostgreSQL needs
 * PG_BASE_URL (eval "$(scripts/pg-cluster.sh start)").
 *   npm run bench:webhook-intake -- [--deliveries 6000] [--concurrency 200] [--seconds 3]
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomUUID, createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent, request as httpRequest } from "node:http";
import { percentile, report } from "./support/report";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DELIVERIES = arg("deliveries", 6000);
const CONCURRENCY = arg("concurrency", 200);
const SECRET = "bench-secret";
const SHOPS = ["north-shop.myshopify.com", "south-shop.myshopify.com", "east-shop.myshopify.com"];

interface Prepared {
  body: string;
  headers: Record<string, string>;
  eventKey: string;
}

function prepare(): Prepared[] {
  const distinct = Math.round(DELIVERIES / 1.1);
  const events: Prepared[] = [];
  for (let i = 0; i < distinct; i++) {
    const shop = SHOPS[i % SHOPS.length];
    const kind = i % 10;
    const [topic, payload] =
      kind < 6
        ? ["inventory_levels/update", { inventory_item_id: 1_000_000 + (i % 5000), location_id: 77, available: i % 40, updated_at: new Date().toISOString() }]
        : kind < 8
          ? ["orders/create", { id: 5_000_000 + i, name: `#${1000 + i}`, email: "a@example.com", created_at: new Date().toISOString(), line_items: [{ id: 1 }], customer: { id: 42 } }]
          : kind < 9
            ? ["products/update", { id: 9_000_000 + (i % 300), title: `Product ${i % 300}`, handle: `p-${i % 300}`, vendor: "Acme", product_type: "Tee", tags: "a, b", status: "active", variants: [{ id: 8_000_000 + (i % 300), title: "Default", sku: `SKU-${i % 300}`, price: "10.00", inventory_policy: "deny", inventory_item_id: 1_000_000 + (i % 300) }] }]
            : ["refunds/create", { id: 6_000_000 + i, order_id: 5_000_000 + i - 3, created_at: new Date().toISOString(), refund_line_items: [] }];
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    events.push({
      body,
      eventKey: `${shop}|${eventId}`,
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic as string,
        "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
        "x-shopify-event-id": eventId,
        "x-shopify-triggered-at": new Date().toISOString(),
      },
    });
  }
  const all = [...events];
  while (all.length < DELIVERIES) all.push(events[Math.floor(Math.random() * events.length)]); // redeliveries
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

interface Proc {
  child: ChildProcess;
  port?: number;
}

function spawnReady(script: string, env: Record<string, string>, ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "http://127.0.0.1:1", NODE_ENV: "production", LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, port: m[1] ? Number(m[1]) : undefined });
    });
    child.once("exit", (c) => reject(new Error(`${script} exited ${c}`)));
  });
}

const startServer = (mode: string, databaseUrl: string, worker: string) => spawnReady("bench/support/webhook-server.ts", { BENCH_MODE: mode, DATABASE_URL: databaseUrl, WORKER: worker }, /listening (\d+)/);
// scripts/worker.ts prints nothing when ready; give it its start-up second.
async function startWorker(databaseUrl: string): Promise<Proc> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "http://127.0.0.1:1", NODE_ENV: "production", LOG_LEVEL: "error", WORKER_CONCURRENCY: "16" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await new Promise((r) => setTimeout(r, 3_000));
  return { child };
}

async function load(ports: number[], deliveries: Prepared[], rate = 0) {
  let rr = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const post = (p: Prepared) =>
    new Promise<number>((resolve, reject) => {
      const port = ports[rr++ % ports.length];
      const req = httpRequest({ host: "127.0.0.1", port, path: "/webhooks", method: "POST", headers: { ...p.headers, "content-length": Buffer.byteLength(p.body) }, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end(p.body);
    });
  // Warm-up outside the measurement.
  await Promise.all(deliveries.slice(0, 50).map(post));
  const started = performance.now();
  const one = async (p: Prepared) => {
    const t0 = performance.now();
    const status = await post(p);
    latencies.push(performance.now() - t0);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  };
  if (rate > 0) {
    // Open loop: delivery i leaves at started + i/rate whatever the server's speed.
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < deliveries.length; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inflight.push(one(deliveries[i]));
    }
    await Promise.all(inflight);
  } else {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < deliveries.length) await one(deliveries[next++]);
      }),
    );
  }
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(deliveries.length / seconds),
    p50: +percentile(latencies, 50).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
    max: +(latencies.at(-1) ?? 0).toFixed(1),
    statuses: Object.fromEntries(statuses),
  };
}

const SECONDS = arg("seconds", 3);
const RATES = [500, 1000, 2000];

interface Config {
  name: string;
  db: "sqlite" | "postgres";
  mode: "queued" | "inline";
  /** the web processes' WORKER setting */
  webWorker: string;
  webs: number;
  workers: number;
}

// PostgreSQL first (the scale-out target), the inline baseline last (the slowest).
const CONFIGS: Config[] = [
  { name: "PostgreSQL + pg-boss, 1 web + 1 worker", db: "postgres", mode: "queued", webWorker: "off", webs: 1, workers: 1 },
  { name: "PostgreSQL + pg-boss, 2 web + 2 workers", db: "postgres", mode: "queued", webWorker: "off", webs: 2, workers: 2 },
  { name: "SQLite embedded, worker in the web process", db: "sqlite", mode: "queued", webWorker: "on", webs: 1, workers: 0 },
  { name: "SQLite embedded, worker in its own process", db: "sqlite", mode: "queued", webWorker: "process", webs: 1, workers: 0 },
  { name: "baseline: inline handler (SQLite)", db: "sqlite", mode: "inline", webWorker: "off", webs: 1, workers: 0 },
];

async function counts(url: string): Promise<{ rows: number; processed: number; jobsLeft: number }> {
  if (url.startsWith("file:")) {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(url.slice(5), { readonly: true, timeout: 10_000 });
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const r = { rows: one("SELECT count(*) n FROM WebhookInbox"), processed: one("SELECT count(*) n FROM WebhookInbox WHERE status = 'processed'"), jobsLeft: one("SELECT count(*) n FROM Job WHERE status IN ('queued','running')") };
    db.close();
    return r;
  }
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const one = async (sql: string) => Number((await c.query(sql)).rows[0].n);
  const r = { rows: await one(`SELECT count(*) n FROM "WebhookInbox"`), processed: await one(`SELECT count(*) n FROM "WebhookInbox" WHERE status = 'processed'`), jobsLeft: await one(`SELECT count(*) n FROM "Job" WHERE status IN ('queued','running')`) };
  await c.end();
  return r;
}

function databaseFor(c: Config, dir: string, i: number): string {
  if (c.db === "sqlite") return `file:${join(dir, `c${i}.sqlite`)}`;
  const base = process.env.PG_BASE_URL!;
  const name = `bench_intake_${process.pid}_${i}`;
  execFileSync("psql", [`${base}/postgres`, "-qc", `DROP DATABASE IF EXISTS ${name}`, "-c", `CREATE DATABASE ${name}`], { stdio: "pipe" });
  return `${base}/${name}`;
}

async function runConfig(c: Config, url: string) {
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const procs: Proc[] = [];
  try {
    for (let i = 0; i < c.workers; i++) procs.push(await startWorker(url));
    const webs = await Promise.all(Array.from({ length: c.webs }, () => startServer(c.mode, url, c.webWorker)));
    procs.push(...webs);
    if (c.webWorker === "process") await new Promise((r) => setTimeout(r, 3_000));
    const ports = webs.map((w) => w.port!);
    let distinct = 0;
    const phase = async (deliveries: Prepared[], rate: number) => {
      distinct += new Set(deliveries.map((d) => d.eventKey)).size;
      return load(ports, deliveries, rate);
    };
    const out: Record<string, unknown> = {};
    const loadStarted = performance.now();
    out.closedLoop200 = await phase(prepare(), 0);
    for (const rate of RATES) out[`steady${rate}`] = await phase(prepare().slice(0, rate * SECONDS), rate);
    const loadEnded = performance.now();
    if (c.mode === "queued") {
      const deadline = Date.now() + 300_000;
      let n = await counts(url);
      while (Date.now() < deadline && (n.processed < n.rows || n.jobsLeft > 0)) {
        await new Promise((r) => setTimeout(r, 250));
        n = await counts(url);
      }
      const drainedAt = performance.now();
      // the warm-up deliveries (50 per phase) are events too
      Object.assign(out, { distinctEventsSent: distinct, inboxRows: n.rows, processed: n.processed, lost: Math.max(0, distinct - n.rows), secondsUnderLoad: +((loadEnded - loadStarted) / 1000).toFixed(1), drainSecondsAfterLoad: +((drainedAt - loadEnded) / 1000).toFixed(1) });
    }
    return out;
  } finally {
    for (const p of procs) p.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    for (const p of procs) p.child.kill("SIGKILL");
  }
}

function table(results: Record<string, Record<string, unknown>>): string {
  const f = (r: unknown) => {
    const x = r as { perSecond: number; p50: number; p99: number; max: number } | undefined;
    return x ? `${x.perSecond}/s · ${x.p50} · ${x.p99} · ${x.max}` : "—";
  };
  const lines = ["| configuration | closed loop 200 | steady 500/s | steady 1,000/s | steady 2,000/s | drain after load | rows = distinct = processed, lost |", "| --- | --- | --- | --- | --- | --- | --- |"];
  for (const [name, r] of Object.entries(results)) {
    const tail = r.inboxRows !== undefined ? `${r.inboxRows} / ${r.distinctEventsSent} / ${r.processed}, lost ${r.lost}` : "n/a (inline)";
    lines.push(`| ${name} | ${f(r.closedLoop200)} | ${f(r.steady500)} | ${f(r.steady1000)} | ${f(r.steady2000)} | ${r.drainSecondsAfterLoad ?? "—"} s | ${tail} |`);
  }
  return lines.join("\n") + "\n(cells: deliveries/s · ack p50 · p99 · max, ms)";
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-intake-"));
  const results: Record<string, Record<string, unknown>> = {};
  const only = process.env.BENCH_ONLY; // e.g. "sqlite" or "postgres"
  try {
    let generated: string | null = null;
    for (const [i, c] of CONFIGS.entries()) {
      if (only && c.db !== only && !c.name.includes(only)) continue;
      if (c.db === "postgres" && !process.env.PG_BASE_URL) {
        console.error(`skipped (no PG_BASE_URL; eval "$(scripts/pg-cluster.sh start)"): ${c.name}`);
        continue;
      }
      const url = databaseFor(c, dir, i);
      // The generated Prisma client is tied to one provider: switch it when the database does.
      if (generated !== c.db) {
        execFileSync("scripts/prisma-generate.sh", { env: { ...process.env, DATABASE_URL: c.db === "postgres" ? url : "" }, stdio: "pipe" });
        generated = c.db;
      }
      console.error(`› ${c.name}`);
      results[c.name] = await runConfig(c, url);
      console.error(JSON.stringify(results[c.name]));
    }
    if (generated === "postgres") execFileSync("scripts/prisma-generate.sh", { env: { ...process.env, DATABASE_URL: "" }, stdio: "pipe" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report("webhook-intake", { deliveriesClosedLoop: DELIVERIES, secondsPerRate: SECONDS, budget: { best: "steady 2,000/s, p99 ≤ 50 ms", embeddedDefault: "steady 1,000/s, p99 ≤ 100 ms", never: "> 1 s" }, results });
  console.log("\n" + table(results));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
