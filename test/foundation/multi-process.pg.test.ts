// Scale-out on PostgreSQL: 2 web processes (WORKER=off) and 2 worker processes (pg-boss).
// A web process is killed -9 right after acknowledging, and a worker mid-stream; every
// acknowledged event is still processed, exactly once in effect.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { signedDelivery } from "../support/webhooks";

const SHOP = "scale-shop.myshopify.com";
const children: ChildProcess[] = [];

afterAll(() => prisma.$disconnect());
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.on("exit", (code) => reject(new Error(`${script} exited early (${code})`)));
  });
}

const web = () => start("test/support/intake-server.ts", { WORKER: "off" }, /listening (\d+)/);
const worker = () => start("test/support/queue-worker.ts", { WORKER_CONCURRENCY: "4" }, /ready (\d+)/);

describe("2 web + 2 worker processes on pg-boss", () => {
  it("kill -9 a web process right after acknowledging and a worker mid-stream: every acknowledged event is processed once", async () => {
    const [a, b] = await Promise.all([web(), web()]);
    const events = Array.from({ length: 300 }, (_, i) => ({ id: randomUUID(), item: 70_000 + i }));
    const send = (port: string, e: { id: string; item: number }) =>
      fetch(signedDelivery({ url: `http://127.0.0.1:${port}/webhooks`, topic: "inventory_levels/update", shop: SHOP, eventId: e.id, body: { inventory_item_id: e.item, location_id: 1, available: e.item % 11, updated_at: new Date().toISOString() } })).then((r) => r.status);
    // Half to each web process; every tenth event is delivered to both (a redelivery).
    const toA = events.filter((_, i) => i % 2 === 0 || i % 10 === 1);
    const toB = events.filter((_, i) => i % 2 === 1 || i % 10 === 0);
    const [statusA, statusB] = await Promise.all([Promise.all(toA.map((e) => send(a.match[1], e))), Promise.all(toB.map((e) => send(b.match[1], e)))]);
    a.child.kill("SIGKILL"); // right after its last acknowledgement
    expect([...statusA, ...statusB].every((s) => s === 200)).toBe(true);
    expect(await prisma.webhookInbox.count({ where: { shop: SHOP } })).toBe(300);

    const [w1] = await Promise.all([worker(), worker()]);
    const processed = () => prisma.webhookInbox.count({ where: { shop: SHOP, status: "processed" } });
    await expect.poll(processed, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(20);
    w1.child.kill("SIGKILL"); // mid-stream: it holds jobs in hand
    const atKill = await processed();
    await expect.poll(processed, { timeout: 90_000, interval: 250 }).toBe(300);
    expect(atKill).toBeLessThan(300);
    // Once in effect: one level per item with the delivered value, one inbox row and one done job per event.
    const levels = await prisma.inventoryLevel.findMany({ where: { shop: SHOP } });
    expect(levels).toHaveLength(300);
    // A job's row is marked done after its batch settles, and a job the killed worker held is
    // retried only once its heartbeat lapses (the retry finds the event processed): wait for both.
    const doneJobs = () => prisma.job.count({ where: { shop: SHOP, name: "webhook.process", status: "done" } });
    await expect.poll(doneJobs, { timeout: 60_000, interval: 250 }).toBe(300);
    expect(await prisma.job.count({ where: { shop: SHOP, status: { not: "done" } } })).toBe(0);
  }, 240_000);
});
