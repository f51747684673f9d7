// Shared helpers of the admin browser tests: open an admin page in the stand-in's frame (and
// wait until the app's page is hydrated), find the app's frame, run axe-core in it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect } from "vitest";
import type { Browser, Frame, FrameLocator, Page } from "playwright-core";
import { APP_IFRAME_SELECTOR, browserContextOptions, isolateFromShopify, shopUrls } from "../../dev/kit.ts";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export async function openAdmin(browser: Browser, standinUrl: string, shop: string, path: string): Promise<{ page: Page; app: FrameLocator; blocked: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(browserContextOptions());
  const blocked = await isolateFromShopify(context, standinUrl);
  const page = await context.newPage();
  await page.goto(shopUrls(standinUrl, shop).admin(path));
  return { page, app: page.frameLocator(APP_IFRAME_SELECTOR), blocked, close: () => context.close() };
}

/**
 * Opens an admin page as openAdmin does, with generous timeouts for a machine shared by many
 * processes, and returns once the app's page is rendered and hydrated (see `ready`).
 */
export async function openAdminReady(browser: Browser, standinUrl: string, shop: string, path: string): Promise<{ page: Page; app: FrameLocator; blocked: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(browserContextOptions());
  const blocked = await isolateFromShopify(context, standinUrl);
  const page = await context.newPage();
  page.setDefaultNavigationTimeout(180_000);
  page.setDefaultTimeout(60_000);
  await page.goto(shopUrls(standinUrl, shop).admin(path), { waitUntil: "domcontentloaded" });
  const app = page.frameLocator(APP_IFRAME_SELECTOR);
  await ready(page, app);
  return { page, app, blocked, close: () => context.close() };
}

const hydrated = (app: FrameLocator, timeout: number) =>
  app
    .locator(".Polaris-Page")
    .first()
    .evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactFiber")), undefined, { timeout })
    .catch(() => false);

/**
 * Waits until the app's page is rendered and hydrated (React's props sit on the DOM nodes; a
 * select changed before hydration is reset by it). The first page of a fresh checkout may load
 * while Vite is still optimizing dependencies and never hydrate: then reload.
 */
export async function ready(page: Page, app: FrameLocator): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await hydrated(app, 30_000)) return true;
        await page.waitForTimeout(5_000);
        const again = await hydrated(app, 5_000);
        if (!again) await page.reload({ waitUntil: "domcontentloaded" }).catch(() => undefined);
        return again;
      },
      { timeout: 300_000, interval: 1_000 },
    )
    .toBe(true);
}

export async function appFrame(page: Page, appUrl: string): Promise<Frame> {
  const origin = new URL(appUrl).origin;
  for (let i = 0; i < 600; i++) {
    const f = page.frames().find((x) => x.url().startsWith(origin));
    if (f) return f;
    await page.waitForTimeout(100);
  }
  throw new Error("app frame not found");
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Serious and critical axe-core violations in the app's frame (WCAG 2.x A/AA rules). */
export async function seriousAxeViolations(frame: Frame): Promise<AxeViolation[]> {
  await frame.evaluate(AXE);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** seriousAxeViolations on an open admin page, once its Polaris page rendered and the network settled. */
export async function pageAxeViolations(page: Page, appUrl: string): Promise<AxeViolation[]> {
  const frame = await appFrame(page, appUrl);
  await frame.waitForSelector(".Polaris-Page", { timeout: 120_000 });
  await frame.waitForLoadState("networkidle").catch(() => undefined);
  return seriousAxeViolations(frame);
}
