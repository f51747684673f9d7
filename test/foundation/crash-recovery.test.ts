import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { signedDelivery } from "../support/webhooks";

const SHOP = "crash-shop.myshopify.com";
const children: ChildProcess[] = [];

function startIntakeProcess(worker: "on" | "off"): Promise<{ child: ChildProcess; port: number }> {
  // node itself (not the tsx wrapper, whose kill would leave the real server running).
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/intake-server.ts"], {
    env: { ...process.env, WORKER: worker, WORKER_CONCURRENCY: "2" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`intake process exited early (${code})`)));
  });
}

afterAll(() => prisma.$disconnect());

afterEach(() => {
  for (const c of children) c.kill("SIGKILL");
});

describe("crash after acknowledging", () => {
  it("a restarted process still processes every acknowledged event", async () => {
    // The first process only acknowledges (its worker would race the kill): every event is
    // acknowledged and none processed when it dies.
    const first = await startIntakeProcess("off");
    const events = Array.from({ length: 200 }, (_, i) => ({ id: randomUUID(), item: 5000 + i }));
    const statuses = await Promise.all(
      events.map(async (e) => {
        const req = signedDelivery({
          url: `http://127.0.0.1:${first.port}/webhooks`,
          topic: "inventory_levels/update",
          shop: SHOP,
          eventId: e.id,
          body: { inventory_item_id: e.item, location_id: 1, available: 4, updated_at: new Date().toISOString() },
        });
        const res = await fetch(req);
        return res.status;
      }),
    );
    first.child.kill("SIGKILL"); // right after the last acknowledgement
    await new Promise((r) => first.child.once("exit", r));
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    const acknowledged = await prisma.webhookInbox.count({ where: { shop: SHOP } });
    expect(acknowledged).toBe(200);
    const processedBeforeRestart = await prisma.webhookInbox.count({ where: { shop: SHOP, status: "processed" } });

    await startIntakeProcess("on");
    const deadline = Date.now() + 60_000;
    let processed = 0;
    while (Date.now() < deadline) {
      processed = await prisma.webhookInbox.count({ where: { shop: SHOP, status: "processed" } });
      if (processed === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(processed).toBe(200);
    expect(await prisma.inventoryLevel.count({ where: { shop: SHOP } })).toBe(200);
    // Not vacuous: nothing had been processed when the process died.
    expect(processedBeforeRestart).toBe(0);
  }, 90_000);
});
