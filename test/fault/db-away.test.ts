// Fault injection: the database goes away during a stream of orders. SQLite: another process
// holds the write lock (the file is unwritable to the app) for longer than the app's busy
// timeout; PostgreSQL (TEST_DB=postgres): the server is stopped for 10 s. Meanwhile webhook
// intake answers 503 (so Shopify retries) and never acknowledges what it did not store; the
// worker backs off and recovers on its own; at quiescence nothing is lost and P1–P5 hold.
import { execFileSync } from "node:child_process";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreError } from "../../dev/store/index.ts";
import { AppProcesses, sleep } from "./harness";
import { checkQuiescence, domain, setUpFlashSale, SHOPS, type FlashSetup } from "./setup-sync";

const POSTGRES = (process.env.DATABASE_URL ?? "").startsWith("postgres");
const OUTAGE_MS = Number(process.env.FAULT_OUTAGE_MS ?? (POSTGRES ? 10_000 : 15_000));

let app: AppProcesses;
let setup: FlashSetup;

/** The private cluster of scripts/pg-cluster.sh (same folder rule). */
function pgCtl(action: "stop" | "start") {
  const dir = process.env.PG_CLUSTER_DIR ?? `/tmp/stockroom-pg-${createHash("sha256").update(`${process.cwd()}\n`).digest("hex").slice(0, 8)}`;
  const bin = execFileSync("bash", ["-c", "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1"]).toString().trim();
  const port = readFileSync(join(dir, "port"), "utf8").trim();
  const args =
    action === "stop"
      ? ["-D", `${dir}/data`, "-m", "fast", "-w", "stop"]
      : ["-D", `${dir}/data`, "-l", `${dir}/log`, "-w", "-o", `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`, "start"];
  const asPg = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", `${bin}/pg_ctl`, ...args]] : [`${bin}/pg_ctl`, args];
  execFileSync(asPg[0] as string, asPg[1] as string[], { stdio: "pipe" });
}

/**
 * A signed delivery straight to the app's intake (as Shopify sends it: a connection of its own),
 * with a long client timeout. A transport error is answered as status 0 (and fails the test).
 */
function deliverDirect(payload: unknown): Promise<{ status: number; webhookId: string; ms: number; error?: string }> {
  const body = JSON.stringify(payload);
  const webhookId = randomUUID();
  const t0 = Date.now();
  const url = new URL(`${app.appUrl}/webhooks`);
  const headers = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": "inventory_levels/update",
    "X-Shopify-Shop-Domain": domain(SHOPS[0]),
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": webhookId,
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": createHmac("sha256", process.env.SHOPIFY_API_SECRET!).update(body).digest("base64"),
  };
  return new Promise((resolve) => {
    const done = (status: number, error?: string) => resolve({ status, webhookId, ms: Date.now() - t0, error });
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers, agent: false, timeout: 60_000 }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
      res.on("error", (e) => done(0, e.message));
    });
    req.on("timeout", () => req.destroy(new Error("client timeout")));
    req.on("error", (e) => done(0, e.message));
    req.end(body);
  });
}

beforeAll(async () => {
  app = await new AppProcesses({ databaseUrl: process.env.DATABASE_URL!, separateWorker: POSTGRES, standin: { webhooks: { retryScale: 0.004 } } }).start();
  setup = await setUpFlashSale(app, "FLASH-DBAWAY", 60);
  expect((await checkQuiescence(app, setup, 0)).checks.P1).toBe(true);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe(`the database goes away (${POSTGRES ? "PostgreSQL stopped" : "SQLite locked against writes"})`, () => {
  it("intake answers 503 and stores nothing it acknowledged; the worker recovers; nothing lost", async () => {
    const { default: prisma } = await import("../../app/db.server");
    let sold = 0;
    const order = () => {
      const h = SHOPS[sold % 2];
      try {
        app.standin.control.placeOrder({ shop: h, lines: [{ variantId: setup.variantIds[h], quantity: 1 }] });
        sold++;
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
      }
    };
    for (let i = 0; i < 5; i++) order();
    await sleep(500);

    let lock: Database.Database | null = null;
    const outageStart = Date.now();
    if (POSTGRES) pgCtl("stop");
    else {
      lock = new Database(process.env.DATABASE_URL!.slice("file:".length), { timeout: 30_000 });
      lock.exec("BEGIN EXCLUSIVE");
    }
    // Orders keep coming while the database is away (Shopify keeps selling).
    const probe = deliverDirect({ inventory_item_id: setup.inventoryItemIds[SHOPS[0]], location_id: setup.locationIds[SHOPS[0]], available: 1, updated_at: new Date().toISOString() });
    for (let i = 0; i < 10; i++) {
      order();
      await sleep(OUTAGE_MS / 12);
    }
    while (Date.now() - outageStart < OUTAGE_MS) await sleep(100);
    if (POSTGRES) pgCtl("start");
    else {
      lock!.exec("ROLLBACK");
      lock!.close();
    }
    const outageMs = Date.now() - outageStart;
    const probed = await probe;
    for (let i = 0; i < 5; i++) order();

    // What the stand-in saw while the database was away: refusals, never a 2xx for an unstored delivery.
    const during = app.standin.control
      .deliveries({ payloads: false })
      .flatMap((d) => d.attempts.map((a) => ({ d, a, at: Date.parse(a.at) })))
      .filter(({ at }) => at >= outageStart + 1_000 && at <= outageStart + OUTAGE_MS - 12_000);
    const refusedDuring = during.filter(({ a }) => a.status === 503 || a.error).length;

    const q = await checkQuiescence(app, setup, sold, 300_000);
    // The probe, sent as the outage began.
    const stored = await prisma.webhookInbox.count({ where: { webhookId: probed.webhookId } });
    console.log(
      `fault/db-away (${POSTGRES ? "PostgreSQL stopped" : "SQLite write-locked"} ${(outageMs / 1000).toFixed(1)} s): direct delivery answered ${probed.status}${probed.error ? ` (${probed.error})` : ""} in ${(probed.ms / 1000).toFixed(1)} s (stored: ${stored}); ` +
        `stand-in attempts refused during the outage ${refusedDuring}; orders ${sold}; webhooks acknowledged ${q.acknowledged}; events lost ${q.unprocessed.length}; ` +
        Object.entries(q.checks)
          .map(([k, v]) => `${k} ${v ? "ok" : "FAIL"}`)
          .join(" ") +
        `; crashes ${app.crashes}` +
        (q.unprocessed.length || !Object.values(q.checks).every(Boolean) || probed.status !== 503 || app.crashes ? `\n${app.logTail(30)}` : ""),
    );
    // Never an acknowledgement for what was not stored: refused (Shopify retries), nothing kept.
    expect(probed.status).toBe(503);
    expect(stored).toBe(0);
    // SQLite locked for longer than the busy timeout: refused within Shopify's 5 s, not after it.
    if (!POSTGRES) expect(probed.ms).toBeLessThan(5_000);
    expect(q.unprocessed).toEqual([]);
    expect(q.checks).toEqual({ acked: true, P1: true, P2: true, P3: true, P4: true, P5: true });
    expect(app.crashes).toBe(0);
  }, 1_200_000);
});
