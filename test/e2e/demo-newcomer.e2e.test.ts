// Issue 11 acceptance: a newcomer's path through `npm run demo`, in Chromium, from the URLs the
// demo prints — nothing set up by the test. The demo is started as the README says (scripts/demo.sh,
// what `npm run demo` runs) on a checkout without the built widget, so it must build it itself:
//   - north's product page is live (stockroom-loader.js loads, the low variant says "Only 1 left")
//     with in-stock alternatives, and the first paint never shows an empty alternatives section;
//   - south's product page → "Buy it now" → the checkout shows the stock note → "Pay now" → the
//     thank-you page shows the survey; single-choice questions look like Shopify's s-choice-list
//     (control and label side by side, left-aligned) at desktop and phone widths, and "Other"
//     opens its text box;
//   - the sale in the linked store sells the variant out on north's product page (sync is active);
//   - the answer appears on the survey results page; the seeded exception is on the Exceptions page;
//   - the admin builder's preview renders single choices the same way.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from "playwright-core";
import { APP_IFRAME_SELECTOR, browserContextOptions, chromiumLaunchOptions, isolateFromShopify } from "../../dev/kit.ts";
import { freePort } from "../../dev/app-with-standin.ts";

interface Printed {
  label: string;
  url: string;
  hint: string;
}

let demo: ChildProcess;
let out = "";
let browser: Browser;
let tmp: string;
const printed = new Map<string, Printed[]>();

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

function url(shop: string, label: string): Printed {
  const line = printed.get(shop)?.find((l) => l.label === label);
  if (!line) throw new Error(`the demo printed no "${label}" URL for ${shop}:\n${out}`);
  return line;
}

/** Parses the demo's printout: a shop name line, then "  Label:  URL" lines, each maybe followed by "↳ hint". */
function parse(text: string) {
  let shop = "";
  for (const raw of text.split("\n")) {
    const head = /^(north-shop|south-shop)$/.exec(raw.trim());
    if (head && !raw.startsWith(" ")) {
      shop = head[1];
      printed.set(shop, []);
      continue;
    }
    const m = /^ {2}([A-Z][A-Za-z ]+):\s+(http\S+)/.exec(raw);
    if (m && shop) printed.get(shop)!.push({ label: m[1], url: m[2], hint: "" });
    const h = /^\s+↳ (.*)$/.exec(raw);
    if (h && shop) {
      const lines = printed.get(shop)!;
      if (lines.length) lines[lines.length - 1].hint = h[1];
    }
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "stockroom-newcomer-"));
  // A fresh clone has no built widget: the demo must build it itself.
  for (const f of ["extensions/stock-widget/assets/stockroom-loader.js", "extensions/stock-widget/assets/stockroom-ui.js"]) rmSync(f, { force: true });
  const [port, standinPort] = [await freePort(), await freePort()];
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmp, PORT: String(port), STANDIN_PORT: String(standinPort), DEMO_DATABASE_URL: `file:${join(tmp, "demo.sqlite")}` };
  demo = spawn("bash", ["scripts/demo.sh"], { env: env as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  demo.stdout!.on("data", (d) => (out += String(d)));
  demo.stderr!.on("data", (d) => (out += String(d)));
  const until = Date.now() + 420_000;
  while (!/^Data: /m.test(out)) {
    if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}):\n${out}`);
    if (Date.now() > until) throw new Error(`the demo printed no URLs in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  parse(out);
  browser = await chromium.launch(chromiumLaunchOptions());
}, 480_000);

afterAll(async () => {
  await browser?.close();
  if (demo?.pid && demo.exitCode === null) {
    process.kill(-demo.pid, "SIGINT");
    await new Promise((r) => setTimeout(r, 2000));
    if (demo.exitCode === null) process.kill(-demo.pid, "SIGKILL");
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function newPage(viewport = DESKTOP, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ ...browserContextOptions(), viewport, javaScriptEnabled });
  const page = await context.newPage();
  await isolateFromShopify(context, new URL(url("north-shop", "Storefront").url).origin);
  return page;
}

/**
 * Geometry of the first single-choice list under `scope`: for each choice, the control's and the
 * label's boxes (inside the element's shadow root) relative to the list.
 */
async function choiceGeometry(list: Locator) {
  return list.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return Array.from(el.querySelectorAll("s-choice")).map((c) => {
      const input = c.shadowRoot!.querySelector("input")!.getBoundingClientRect();
      const label = c.shadowRoot!.querySelector("span")!.getBoundingClientRect();
      return { text: (c.textContent ?? "").trim(), listLeft: box.left, input: { left: input.left, right: input.right, width: input.width, mid: input.top + input.height / 2 }, label: { left: label.left, width: label.width, mid: label.top + label.height / 2 } };
    });
  });
}

/** Shopify's s-choice-list look: control then label, side by side, left-aligned, on one row. */
function expectChoiceListLook(rows: Awaited<ReturnType<typeof choiceGeometry>>, where: string) {
  expect(rows.length, where).toBeGreaterThan(1);
  for (const r of rows) {
    const at = `${where}: "${r.text}"`;
    expect(r.input.width, `${at} control width`).toBeLessThanOrEqual(24);
    expect(r.input.left - r.listLeft, `${at} control is left-aligned`).toBeLessThanOrEqual(24);
    expect(r.label.left - r.input.right, `${at} label right after the control`).toBeGreaterThanOrEqual(0);
    expect(r.label.left - r.input.right, `${at} label right after the control`).toBeLessThanOrEqual(16);
    expect(Math.abs(r.label.mid - r.input.mid), `${at} control and label on one row`).toBeLessThanOrEqual(6);
  }
  // All controls in one column.
  expect(Math.max(...rows.map((r) => r.input.left)) - Math.min(...rows.map((r) => r.input.left)), where).toBeLessThanOrEqual(1);
}

async function rendered(page: Page, count: number) {
  await page.waitForFunction((n) => document.querySelectorAll("iframe.ext[data-rendered]").length >= n, count, { timeout: 60_000 });
  expect(await page.$$eval("iframe.ext[data-error]", (fs) => fs.map((f) => (f as HTMLElement).dataset.error))).toEqual([]);
}

/** An embedded admin page; the first load of a session lets Vite's optimizer settle, as the checkout e2e does. */
async function admin(page: Page, target: string): Promise<FrameLocator> {
  await page.goto(target);
  await page.waitForLoadState("networkidle", { timeout: 120_000 }).catch(() => undefined);
  await page.waitForTimeout(2000);
  await page.goto(target);
  return page.frameLocator(APP_IFRAME_SELECTOR);
}

async function frameText(frame: FrameLocator): Promise<string> {
  return (await frame.locator("body").textContent({ timeout: 30_000 }).catch(() => "")) ?? "";
}

describe("newcomer: npm run demo's printed URLs show every feature live", () => {
  it("prints what to try next beside each URL", () => {
    for (const shop of ["north-shop", "south-shop"]) for (const label of ["Embedded admin", "Storefront", "Product page", "Survey results"]) expect(url(shop, label).url).toMatch(/^http/);
    expect(url("north-shop", "Product page").hint).toMatch(/1 left/);
    expect(url("north-shop", "Sync").url).toMatch(/\/sync$/);
    expect(url("north-shop", "Exceptions").hint).toMatch(/SKU conflict/);
  });

  it("the seeded plan holds when the merchants open Plans (billing.check agrees); Feeds and Channels show their seeded data, no upgrade banner", async () => {
    // Runs before the sale below: a plan the Plans page did not see would drop the shops to Free
    // and pause the demo's group (~165 SKUs, above Free's 100), and the sale would not sync.
    const page = await newPage();
    for (const shop of ["north-shop", "south-shop"]) {
      const plans = await admin(page, `${url(shop, "Embedded admin").url}/plans`);
      await expect.poll(async () => (await frameText(plans)).includes("You are on Plus"), { timeout: 120_000, interval: 2000 }).toBe(true);
      expect(await plans.getByTestId("plan-plus").textContent()).toContain("Current plan");
    }
    const feeds = await admin(page, url("north-shop", "Feeds").url);
    await expect.poll(async () => (await frameText(feeds)).includes("Held by the circuit breaker"), { timeout: 120_000, interval: 2000 }).toBe(true);
    expect(await feeds.getByTestId("plan-limit-banner").count()).toBe(0);
    const channels = await admin(page, url("north-shop", "Channels").url);
    await expect.poll(async () => (await frameText(channels)).includes("Demo ERP"), { timeout: 120_000, interval: 2000 }).toBe(true);
    expect(await channels.getByTestId("plan-limit-banner").count()).toBe(0);
    await page.context().close();
  }, 300_000);

  it("product page live, sale in the linked store sells it out; checkout note; survey answered; results; exception", async () => {
    // First paint without JavaScript: no empty "In stock now" section.
    const noJs = await newPage(DESKTOP, false);
    await noJs.goto(url("north-shop", "Product page").url);
    expect(await noJs.locator(".stockroom__msg").textContent()).toBe("Only 1 left");
    expect(await noJs.locator("[data-stockroom-alts]").isVisible()).toBe(false);
    await noJs.context().close();

    // North's product page goes live: the loader loads and the alternatives arrive.
    const north = await newPage();
    const loader: number[] = [];
    north.on("response", (r) => r.url().includes("stockroom-loader.js") && loader.push(r.status()));
    await north.goto(url("north-shop", "Product page").url);
    await north.waitForSelector(".stockroom[data-stockroom-live]", { timeout: 60_000 });
    expect(loader).toEqual([200]);
    expect(await north.locator(".stockroom__msg").textContent()).toBe("Only 1 left");
    await expect.poll(() => north.locator(".stockroom__alts .stockroom__alt a").count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await north.locator(".stockroom__alts").isVisible()).toBe(true);

    // South: the same variant, bought with "Buy it now"; the checkout shows the stock note.
    const south = await newPage();
    const southUrl = url("south-shop", "Product page").url;
    const southVariant = new URL(southUrl).searchParams.get("variant")!;
    await south.goto(southUrl);
    await south.getByRole("button", { name: "Buy it now" }).click();
    await south.waitForURL(/\/checkouts\/cn\//, { timeout: 60_000 });
    await rendered(south, 1);
    const note = south.frameLocator(`.line[data-variant="${southVariant}"] iframe.ext`).locator("s-text");
    await expect.poll(() => note.textContent({ timeout: 30_000 }).catch(() => ""), { timeout: 60_000 }).toBe("Only 1 left in stock");
    await south.getByRole("button", { name: "Pay now" }).click();
    await south.waitForURL(/\/thank-you\/\d+/, { timeout: 60_000 });
    await rendered(south, 1);

    // The thank-you page shows the survey; single choices look like s-choice-list at both widths.
    const survey = south.frameLocator("iframe.ext");
    await survey.getByRole("radio", { name: "Search engine" }).waitFor({ timeout: 60_000 });
    for (const [name, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      await south.setViewportSize(size);
      await south.waitForTimeout(300);
      expectChoiceListLook(await choiceGeometry(survey.locator("s-choice-list").first()), `thank-you page, ${name}`);
    }
    await south.setViewportSize(DESKTOP);
    await survey.getByRole("radio", { name: "Other" }).check();
    const otherBox = survey.getByLabel("Please specify");
    await otherBox.waitFor({ timeout: 15_000 });
    await otherBox.fill("A newcomer's podcast");
    await survey.getByRole("radio", { name: "9", exact: true }).check();
    await survey.getByRole("button", { name: "Send answers" }).click();
    await expect.poll(() => survey.locator("s-section").textContent(), { timeout: 30_000 }).toBe("Thank you for your feedback!");

    // The sale in south reached north through the active sync group: north's page says sold out.
    await expect.poll(() => north.locator(".stockroom__msg").textContent(), { timeout: 120_000, interval: 1000 }).toBe("Sold out");
    await expect.poll(() => north.locator(".stockroom__alts .stockroom__alt a").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await north.context().close();

    // The merchant reads the answer on the results page the demo printed.
    const merchant = await newPage();
    const results = await admin(merchant, url("south-shop", "Survey results").url);
    await expect
      .poll(
        async () => {
          const text = await frameText(results);
          if (!text.includes("A newcomer's podcast")) await merchant.reload();
          return text.includes("A newcomer's podcast");
        },
        { timeout: 120_000, interval: 3000 },
      )
      .toBe(true);

    // The seeded exception is on north's Exceptions page.
    const sku = /share (\S+)/.exec(url("north-shop", "Exceptions").hint)![1];
    const exceptions = await admin(merchant, url("north-shop", "Exceptions").url);
    await expect.poll(async () => (await frameText(exceptions)).includes(sku), { timeout: 120_000, interval: 2000 }).toBe(true);
    await south.context().close();
    await merchant.context().close();
  }, 600_000);

  it("the admin builder's preview renders single choices like s-choice-list, and shows the Other box", async () => {
    const page = await newPage();
    const resultsUrl = url("north-shop", "Survey results").url;
    const builder = await admin(page, resultsUrl.replace(/\/results$/, ""));
    const list = builder.locator('[data-testid="survey-preview"] s-choice-list').first();
    await list.waitFor({ timeout: 120_000 });
    for (const [name, size] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      await page.setViewportSize(size);
      await page.waitForTimeout(500);
      expectChoiceListLook(await choiceGeometry(list), `builder preview, ${name}`);
    }
    await page.setViewportSize(DESKTOP);
    await builder.locator('[data-testid="survey-preview"]').getByRole("radio", { name: "Other" }).check();
    await builder.locator('[data-testid="survey-preview"]').getByLabel("Please specify").waitFor({ timeout: 15_000 });
    await page.context().close();
  }, 300_000);
});
