// Feeds and Channels in Chromium, in the stand-in's admin frame, against the real app (its
// embedded worker applies runs and delivers events): import the catalog, add a feed from an
// upload, see the mapping preview and the dry run, approve it, see the progress bar and the
// result in the store; register an endpoint on a local receiver and see its signed deliveries.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from "playwright-core";
import { chromiumLaunchOptions, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { openAdmin } from "./support-ops";

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;
let receiver: http.Server;
let receiverOrigin: string;
const received: { headers: http.IncomingHttpHeaders; raw: string }[] = [];

beforeAll(async () => {
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200, { "content-type": "text/plain" }).end("ok from the ERP");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The operator's allowance for this local receiver (the address rule stays on for all else).
  process.env.OUTBOUND_ALLOW_ORIGINS = receiverOrigin;
  // Feeds need Growth and channels Plus: north approved Plus earlier.
  app = await startAppWithStandin({ worker: true, install: ["north-shop"], plans: { "north-shop": "Plus" } });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

const SHOP = "north-shop";

function skusAtWarehouse(n: number): { sku: string; available: number }[] {
  const state = standin.control.state({ shop: SHOP }) as { products: { variants: { sku: string | null }[] }[] };
  const skus = state.products.flatMap((p) => p.variants.map((v) => v.sku)).filter((s): s is string => !!s).sort();
  return skus.slice(0, n).map((sku) => ({ sku, available: warehouse(sku) }));
}

const visible = (locator: Locator, timeout = 30_000) => locator.first().waitFor({ state: "visible", timeout });

function warehouse(sku: string): number {
  const s = standin.control.stock({ shop: SHOP, sku });
  return [...s.levels].sort((a, b) => Number(a.locationId) - Number(b.locationId))[0].available as number;
}

async function reloadUntil(page: Page, frame: FrameLocator, test: (text: string) => boolean, timeout = 120_000) {
  await expect
    .poll(
      async () => {
        const text = (await frame.locator("body").textContent({ timeout: 30_000 }).catch(() => "")) ?? "";
        if (!test(text)) await page.reload();
        return test(text);
      },
      { timeout, interval: 2_000 },
    )
    .toBe(true);
}

describe("Feeds and Channels pages", () => {
  it("adds a feed from an upload, shows the dry run, applies it after approval with a progress bar", async () => {
    // A new shop lands on the plan page once (billing); let that happen before opening Feeds.
    const landing = await openAdmin(browser, standin.url, SHOP, "plans");
    await landing.app.getByText(/Free/).first().waitFor({ timeout: 180_000 });
    await landing.close();
    const admin = await openAdmin(browser, standin.url, SHOP, "feeds");
    const f = admin.app;
    await f.getByText("Add a feed").waitFor({ timeout: 180_000 });
    const importButton = f.getByRole("button", { name: "Import catalog" });
    if (await importButton.isVisible()) await importButton.click();
    await reloadUntil(admin.page, f, (t) => t.includes("Add a feed") && !t.includes("Import your catalog first"));

    const picked = skusAtWarehouse(3);
    const targets = picked.map((p, i) => ({ sku: p.sku, to: p.available + 10 + i }));
    const csv = `\uFEFFSKU;Stock;Note\n${targets.map((t) => `${t.sku};${t.to};"restock; week 49"`).join("\n")}\nNOT-A-SKU;4;x\n${picked[0].sku}-BAD;lots;x\n`;
    await f.getByLabel("Name").fill("Supplier A");
    await f.locator("#feed-file").setInputFiles({ name: "supplier.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    // The mapping is previewed on the first rows and guessed from the header.
    await visible(f.getByTestId("mapping-preview").getByText(targets[0].sku), 30_000);
    expect(await f.getByLabel("SKU column").inputValue()).toBe("SKU");
    expect(await f.getByLabel("Quantity column").inputValue()).toBe("Stock");
    await f.getByLabel("Location").selectOption({ label: "North Warehouse" });
    await f.getByRole("button", { name: "Upload and preview" }).click();

    // The dry run: three SKUs change (100 % > the 50 % default: held), one unknown, one error.
    await visible(f.getByText("Held by the circuit breaker"), 60_000);
    await visible(f.getByText("Largest increases"));
    await visible(f.getByText("NOT-A-SKU"));
    await visible(f.getByText(/not a whole number/));
    expect(targets.map((t) => warehouse(t.sku))).toEqual(picked.map((p) => p.available)); // nothing written yet

    await f.getByRole("button", { name: "Approve and apply" }).click();
    await visible(f.getByTestId("run-progress"), 60_000);
    await visible(f.getByText("3 of 3 quantities written"), 90_000);
    await visible(f.getByText("Applied", { exact: true }).first());
    expect(targets.map((t) => warehouse(t.sku))).toEqual(targets.map((t) => t.to));
    await admin.close();
  }, 400_000);

  it("registers an endpoint and shows its signed deliveries", async () => {
    const admin = await openAdmin(browser, standin.url, SHOP, "channels");
    const f = admin.app;
    await f.getByLabel("URL (HTTPS)").fill(`${receiverOrigin}/stockroom`, { timeout: 180_000 });
    await f.getByLabel("Name").fill("Local ERP");
    await f.locator("form").getByRole("button", { name: "Register endpoint" }).click();
    await f.getByRole("button", { name: "Send test event" }).click({ timeout: 60_000 });
    await reloadUntil(admin.page, f, (t) => t.includes("delivered") && t.includes("ok from the ERP"), 90_000);
    await visible(f.getByText("stock.changed · TEST-SKU").first());
    expect(received.length).toBeGreaterThanOrEqual(1);
    const secret = await f.getByLabel(/Signing secret/).inputValue();
    const r = received[0];
    expect(r.headers["x-stockroom-hmac-sha256"]).toBe(createHmac("sha256", secret).update(r.raw).digest("base64"));
    await admin.close();
  }, 300_000);
});
