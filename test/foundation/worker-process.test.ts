// The worker out of the request path: with WORKER=process the web process starts a worker
// process beside it, which does the work and goes away when the web process dies (kill -9).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { signedDelivery } from "../support/webhooks";

const SHOP = "split-shop.myshopify.com";
const children: ChildProcess[] = [];
afterAll(() => prisma.$disconnect());
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("worker in its own process (WORKER=process)", () => {
  it("the web process only acknowledges; its worker process processes, and exits when the web process is killed", async () => {
    const web = spawn(process.execPath, ["--import", "tsx", "test/support/intake-server.ts"], { env: { ...process.env, WORKER: "process" }, stdio: ["ignore", "pipe", "inherit"] });
    children.push(web);
    const { port, workerPid } = await new Promise<{ port: number; workerPid: number }>((resolve, reject) => {
      let out = "";
      web.stdout!.on("data", (d) => {
        out += d;
        const m = /listening (\d+)\s+worker-child (\d+)/.exec(out);
        if (m) resolve({ port: Number(m[1]), workerPid: Number(m[2]) });
      });
      web.on("exit", (code) => reject(new Error(`web process exited early (${code})`)));
    });
    expect(workerPid).not.toBe(web.pid);
    const events = Array.from({ length: 50 }, (_, i) => ({ id: randomUUID(), item: 9100 + i }));
    const statuses = await Promise.all(
      events.map(async (e) => (await fetch(signedDelivery({ url: `http://127.0.0.1:${port}/webhooks`, topic: "inventory_levels/update", shop: SHOP, eventId: e.id, body: { inventory_item_id: e.item, location_id: 1, available: 3, updated_at: new Date().toISOString() } }))).status),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    await expect.poll(() => prisma.webhookInbox.count({ where: { shop: SHOP, status: "processed" } }), { timeout: 60_000, interval: 200 }).toBe(50);
    expect(await prisma.inventoryLevel.count({ where: { shop: SHOP } })).toBe(50);

    web.kill("SIGKILL");
    await expect.poll(() => alive(workerPid), { timeout: 20_000, interval: 200 }).toBe(false);
  }, 120_000);
});
