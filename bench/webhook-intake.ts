/**
 * Webhook intake: N concurrent clients POST correctly signed deliveries (a mix of topics,
 * 10% duplicates) to the app's webhook route running in its own process; prints deliveries/s,
 * ack p50/p99, and inbox rows vs distinct events. Then the same load against the way the
 * Remix template handles webhooks (work done inline before the 200), for the ratio.
 *   npm run bench:webhook-intake -- [--deliveries 6000] [--concurrency 200]
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
/** Second phase: deliveries arriving at a steady rate (open loop), as Shopify sends them. */
const RATE = arg("rate", 1000);
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

function startServer(mode: string, databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/support/webhook-server.ts"], {
    env: { ...process.env, BENCH_MODE: mode, DATABASE_URL: databaseUrl, SHOPIFY_API_KEY: "bench", SHOPIFY_API_SECRET: SECRET, SHOPIFY_APP_URL: "http://127.0.0.1:1", NODE_ENV: "production", LOG_LEVEL: "error", WORKER: process.env.BENCH_WORKER ?? (mode === "queued" ? "on" : "off") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once("exit", (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function load(port: number, deliveries: Prepared[], rate = 0) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const post = (p: Prepared) =>
    new Promise<number>((resolve, reject) => {
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
    statuses: Object.fromEntries(statuses),
  };
}

async function main() {
  const deliveries = prepare();
  const distinct = new Set(deliveries.map((d) => d.eventKey)).size;
  const dir = mkdtempSync(join(tmpdir(), "bench-intake-"));
  const results: Record<string, unknown> = { deliveries: deliveries.length, distinctEvents: distinct, concurrency: CONCURRENCY };
  try {
    for (const mode of ["queued", "inline"]) {
      const url = `file:${join(dir, `${mode}.sqlite`)}`;
      execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
      const { child, port } = await startServer(mode, url);
      const r: Record<string, unknown> = await load(port, deliveries);
      // Same server, fresh events, arriving at a steady rate: the ack latency Shopify sees.
      const steady = prepare().slice(0, Math.min(deliveries.length, RATE * 5));
      const steadyDistinct = new Set(steady.map((d) => d.eventKey)).size;
      r.steadyRate = { rate: RATE, deliveries: steady.length, ...(await load(port, steady, RATE)) };
      if (mode === "queued") {
        // Let the worker finish, then count what was stored and processed.
        const { default: Database } = await import("better-sqlite3");
        const db = new Database(url.slice(5), { readonly: true, timeout: 10_000 });
        const deadline = Date.now() + 180_000;
        let processed = 0;
        const rowsNow = () => (db.prepare("SELECT count(*) n FROM WebhookInbox").get() as { n: number }).n;
        const rows = rowsNow();
        while (process.env.BENCH_WORKER !== "off" && Date.now() < deadline) {
          processed = (db.prepare("SELECT count(*) n FROM WebhookInbox WHERE status = 'processed'").get() as { n: number }).n;
          if (processed >= rows) break;
          await new Promise((res) => setTimeout(res, 500));
        }
        db.close();
        // Both phases: every distinct event stored exactly once, and processed.
        const distinctSent = distinct + steadyDistinct;
        Object.assign(r, { distinctEventsSent: distinctSent, inboxRows: rows, processed, lost: distinctSent - rows });
      }
      results[mode] = r;
      child.kill("SIGTERM");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const q = results.queued as { perSecond: number; p99: number };
  const n = results.inline as { perSecond: number; p99: number };
  results.ratio = { throughput: +(q.perSecond / n.perSecond).toFixed(2), p99: +(n.p99 / q.p99).toFixed(2) };
  results.budget = { perSecond: 2000, p99Ms: 25 };
  report("webhook-intake", results);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
