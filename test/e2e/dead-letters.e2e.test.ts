// The replay tool on the Overview, in Chromium, in the stand-in's admin frame: a dead-lettered
// job and a failed webhook delivery are listed with their errors and payloads; the job is
// re-driven from the page after the cause is fixed (on PostgreSQL out of pg-boss's dead-letter
// queue) and runs; the delivery is discarded with a reason, which stays on the record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { chromiumLaunchOptions } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { openAdmin } from "./support-ops";

const SHOP = "north-shop.myshopify.com";
let app: AppWithStandin;
let browser: Browser;

beforeAll(async () => {
  // This file's database (SQLite, or PostgreSQL + pg-boss with TEST_DB=postgres).
  app = await startAppWithStandin({ worker: true, install: ["north-shop"], databaseUrl: process.env.DATABASE_URL });
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

// The app's own modules, as the running app loaded them (same instances, same database).
const appModule = <T>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;

describe("Overview: failed deliveries and dead letters", () => {
  it("re-drives a dead-lettered job from the Overview, and discards a failed delivery with a reason", async () => {
    const { default: prisma } = await appModule<typeof import("../../app/db.server")>("/app/db.server.ts");
    const { registerJob } = await appModule<typeof import("../../app/queue/registry.server")>("/app/queue/registry.server.ts");
    const { queue } = await appModule<typeof import("../../app/queue/index.server")>("/app/queue/index.server.ts");
    // The worker starts with the first request; this test enqueues before any.
    (await appModule<typeof import("../../app/worker.server")>("/app/worker.server.ts")).ensureWorkerStarted();
    let upstreamDown = true;
    const runs: number[] = [];
    registerJob<{ sku: string }>("e2e.push-stock", async (_p, ctx) => {
      runs.push(ctx.attempt);
      if (upstreamDown) throw new Error("Admin API answered 502 Bad Gateway");
    });
    await queue.enqueue({ name: "e2e.push-stock", payload: { sku: "TEE-RED-M" }, shop: SHOP, maxAttempts: 1 });
    await expect.poll(() => prisma.job.count({ where: { name: "e2e.push-stock", status: "dead" } }), { timeout: 60_000 }).toBe(1);
    const job = await prisma.job.findFirstOrThrow({ where: { name: "e2e.push-stock" } });
    const delivery = await prisma.webhookInbox.create({
      data: { shop: SHOP, topic: "orders/create", eventId: "evt-broken-1", webhookId: "wh-1", apiVersion: "2026-10", headers: "{}", payload: '{"id": 820982911946154500, "line_items": []}', status: "failed", error: "TypeError: cannot read properties of undefined (reading 'quantity')" },
    });

    const north = await openAdmin(browser, app.standin.url, "north-shop", "");
    const jobEntry = north.app.getByTestId(`job-${job.id}`);
    await expect.poll(() => jobEntry.count(), { timeout: 120_000, interval: 500 }).toBe(1);
    expect(await north.app.getByTestId(`job-${job.id}-error`).textContent()).toContain("Admin API answered 502 Bad Gateway");
    await jobEntry.getByRole("button", { name: "Show payload" }).click();
    await expect.poll(() => jobEntry.locator("pre").textContent()).toContain("TEE-RED-M");

    const deliveryEntry = north.app.getByTestId(`delivery-${delivery.id}`);
    expect(await deliveryEntry.count()).toBe(1);
    expect(await north.app.getByTestId(`delivery-${delivery.id}-error`).textContent()).toContain("reading 'quantity'");

    // The cause is fixed; Replay puts the job back and the worker runs it.
    upstreamDown = false;
    await jobEntry.getByRole("button", { name: "Replay Job e2e.push-stock" }).click();
    await expect.poll(async () => (await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status, { timeout: 60_000, interval: 250 }).toBe("done");
    expect(runs).toEqual([1, 1]);
    await expect.poll(() => jobEntry.count(), { timeout: 30_000 }).toBe(0);

    // Discard needs a reason, and keeps it.
    await deliveryEntry.getByRole("button", { name: "Discard Webhook orders/create" }).click();
    const confirm = deliveryEntry.getByRole("button", { name: "Discard", exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await deliveryEntry.getByLabel("Reason for discarding").fill("Test order from the theme editor");
    await confirm.click();
    await expect.poll(async () => (await prisma.webhookInbox.findUniqueOrThrow({ where: { id: delivery.id } })).status, { timeout: 30_000 }).toBe("discarded");
    expect((await prisma.webhookInbox.findUniqueOrThrow({ where: { id: delivery.id } })).error).toContain("Test order from the theme editor");
    await expect.poll(() => north.app.getByText("No failed deliveries or dead-lettered jobs.").count(), { timeout: 30_000 }).toBe(1);
    await north.close();
  }, 240_000);
});
