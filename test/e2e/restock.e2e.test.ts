// Back in stock in Chromium against the real app (Remix through Vite in this process, embedded
// worker) and the stand-in, after real installs and a real sync link (through the Sync page):
// a variant sold out in both stores → a shopper on south-shop signs up (consent ticked, on a
// phone-sized viewport; axe finds nothing serious on the form) → with double opt-in on, the
// confirmation mail's link opens a page that confirms nothing until its "Confirm" button is
// pressed (mail scanners prefetch GETs) → the sale in north-shop is refunded with restock → sync
// writes south's stock → the mail arrives at a real SMTP server in this process → its link opens
// south's product page in stock → its unsubscribe link's page asks, and the one-click POST
// (RFC 8058, what mail clients send) unsubscribes.
// The stores are linked through the app's own sync API (the Sync page has its own browser test).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { BROWSER_USER_AGENT, chromiumLaunchOptions, isolateFromShopify, shopUrls, type Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { linkStores } from "./support-sync";
import { rawHeader, startTestSmtp, type TestSmtp } from "../support/smtp";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let app: AppWithStandin;
let standin: Standin;
let browser: Browser;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url; // the app (same process) mails through it
  app = await startAppWithStandin({ worker: true, install: ["north-shop", "south-shop"] });
  standin = app.standin;
  browser = await chromium.launch(chromiumLaunchOptions());
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await smtp?.close();
});

type Levels = { levels: { locationId: number; available: number }[] };
const levels = (shop: string, sku: string) => (standin.control.stock({ shop, sku }) as unknown as Levels).levels;
const total = (shop: string, sku: string) => levels(shop, sku).reduce((a, l) => a + l.available, 0);

function sharedVariant() {
  type S = { products: { handle: string; variants: { id: number; sku: string | null }[] }[] };
  const all = (shop: string) => (standin.control.state({ shop }) as S).products.flatMap((p) => p.variants.map((v) => ({ handle: p.handle, id: v.id, sku: v.sku })));
  const northSkus = new Set(all("north-shop").map((v) => v.sku).filter(Boolean));
  return all("south-shop")
    .filter((v) => v.sku && northSkus.has(v.sku))
    .sort((a, b) => a.sku!.localeCompare(b.sku!))
    .find((v) => levels("north-shop", v.sku!)[0].available >= 2)!;
}

async function axeSerious(page: Page, selector: string) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run(ctx: object, o: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run({ include: [sel] }, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

describe("back in stock, end to end", () => {
  it("sold out → sign up → refund with restock in the linked store → the mail → its link shows the product in stock", async () => {
    // Mirroring (protection Off): south shows the whole pool, so one order in north sells it out
    // everywhere. Automatic would allocate these never-sold units between the stores (covered by
    // test/e2e/allocation.e2e.test.ts); this test is about the alert.
    await linkStores(app, { protection: "off" });
    const v = sharedVariant();
    const sku = v.sku!;
    const [northWarehouse] = levels("north-shop", sku);
    const units = northWarehouse.available;
    await expect.poll(() => levels("south-shop", sku)[0].available, { timeout: 90_000 }).toBe(units);

    // Sell every unit in north: the pool is empty, sync writes south's warehouse to 0. South's
    // other (unsynced) location has none either.
    const order = standin.control.placeOrder({ shop: "north-shop", lines: [{ sku, quantity: units }], locationId: northWarehouse.locationId, email: "buyer@example.test" });
    await expect.poll(() => levels("south-shop", sku)[0].available, { timeout: 60_000 }).toBe(0);
    for (const l of levels("south-shop", sku).slice(1)) standin.control.setStock({ shop: "south-shop", sku, locationId: l.locationId, available: 0 });
    expect(total("south-shop", sku)).toBe(0);
    await standin.control.waitForDeliveries({ timeoutMs: 180_000 });

    // South asks for double opt-in (the "Back in stock" page's setting).
    const load = <T,>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;
    const { saveRestockSettings, DEFAULT_RESTOCK_SETTINGS } = await load<typeof import("../../app/restock/settings.server")>("/app/restock/settings.server.ts");
    const { default: db } = await load<typeof import("../../app/db.server")>("/app/db.server.ts");
    await saveRestockSettings("south-shop.myshopify.com", { ...DEFAULT_RESTOCK_SETTINGS, doubleOptIn: true });
    const subscription = () => db.restockSubscription.findFirstOrThrow({ where: { shop: "south-shop.myshopify.com" } });

    // A shopper on a phone.
    const context = await browser.newContext({ userAgent: BROWSER_USER_AGENT, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const blocked = await isolateFromShopify(context, standin.url);
    const page = await context.newPage();
    page.setDefaultNavigationTimeout(120_000);
    const productUrl = shopUrls(standin.url, "south-shop").product(v.handle, v.id);
    await expect
      .poll(
        async () => {
          await page.goto(productUrl);
          return page.locator(".stockroom__msg").first().textContent();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe("Sold out");
    const form = page.locator("[data-stockroom-notify]");
    await expect.poll(() => form.isVisible(), { timeout: 10_000 }).toBe(true);
    // Its script arrives only now that a sold-out variant is shown.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType("resource").some((r) => r.name.includes("stockroom-notify.js"))), { timeout: 15_000 }).toBe(true);
    expect(await axeSerious(page, "[data-stockroom-notify]")).toEqual([]);

    // Keyboard and labels: the fields are reachable by their accessible names.
    const email = page.getByLabel("Email address");
    await email.fill("not-an-email");
    await page.getByRole("button", { name: "Notify me" }).press("Enter"); // by keyboard
    await expect.poll(() => page.locator(".stockroom-notify__msg").textContent()).toBe("Please enter a valid email address.");
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    await email.fill("shopper.one@example.test");
    const consent = page.getByRole("checkbox", { name: /I agree to receive one email/ });
    await consent.press("Space");
    expect(await consent.isChecked()).toBe(true);
    await email.press("Enter");
    await expect.poll(() => page.locator(".stockroom-notify__msg").textContent(), { timeout: 15_000 }).toBe("Almost done: check your inbox to confirm your alert.");
    expect(await axeSerious(page, "[data-stockroom-notify]")).toEqual([]);

    // The confirmation mail. Opening its link (a GET, as a mail scanner would) confirms nothing:
    // the page has one button, and only its POST confirms.
    const [confirmation] = await smtp.waitFor(1, 30_000);
    expect(confirmation.envelopeTo).toEqual(["shopper.one@example.test"]);
    const confirmLink = /Confirm my alert: (\S+)/.exec(confirmation.parsed.text!)![1];
    expect(confirmLink.startsWith(`${app.appUrl}/restock/confirm?t=`)).toBe(true);
    expect((await fetch(confirmLink)).status).toBe(200); // a scanner's prefetch
    await page.goto(confirmLink);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Confirm your back-in-stock alert");
    expect(await page.locator(".shop").textContent()).toBe((await db.shop.findUniqueOrThrow({ where: { domain: "south-shop.myshopify.com" } })).name);
    expect((await subscription()).status).toBe("pending");
    expect(await axeSerious(page, "main")).toEqual([]);
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent(), { timeout: 15_000 }).toBe("Your alert is confirmed");
    expect((await subscription()).status).toBe("active");
    smtp.messages.length = 0;

    // The sale in north is refunded with restock: the units come back to the pool, sync gives
    // them to south, and south's back-in-stock alert goes out.
    standin.control.refundOrder({ shop: "north-shop", orderId: order.id, restock: true });
    const [mail] = await smtp.waitFor(1, 120_000);
    expect(mail.envelopeTo).toEqual(["shopper.one@example.test"]);
    expect(mail.parsed.subject).toMatch(/is back in stock$/);
    expect(mail.parsed.headerLines.some((h) => h.key === "list-unsubscribe-post")).toBe(true);
    const link = /Shop it now \([^)]*\): (\S+)/.exec(mail.parsed.text!)![1];
    expect(link).toBe(`${standin.url}/store/south-shop/products/${v.handle}?variant=${v.id}`);

    await page.goto(link);
    await expect.poll(() => page.locator(".stockroom__msg").first().textContent(), { timeout: 30_000 }).not.toBe("Sold out");
    expect(await page.locator(".stockroom").first().getAttribute("data-state")).toMatch(/^(in_stock|low)$/);
    expect(await form.isVisible()).toBe(false);
    expect(await page.locator("button.buy").isEnabled()).toBe(true);
    // An in-stock page never loads the form's script.
    await page.waitForTimeout(2000);
    expect(await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.includes("stockroom-notify.js")).length)).toBe(0);

    // Unsubscribe: the link's page only asks; the one-click POST from the header unsubscribes.
    const unsubscribeUrl = rawHeader(mail, "List-Unsubscribe")!.slice(1, -1);
    await page.goto(unsubscribeUrl);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Unsubscribe from back-in-stock emails");
    expect(await page.getByRole("button", { name: "Unsubscribe" }).isVisible()).toBe(true);
    expect((await subscription()).status).toBe("notified");
    const oneClick = await fetch(unsubscribeUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(oneClick.status).toBe(200);
    expect((await subscription()).status).toBe("unsubscribed");
    expect(blocked).toEqual([]);
    await context.close();
  }, 600_000);
});
