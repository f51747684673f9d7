// Issue 11 (1): every way of starting the app builds the storefront widget and the checkout
// extension bundles itself — `npm run demo`, `npm start` and `shopify app dev` — so the product
// page never asks for a stockroom-loader.js that is not there. Each start path's pre-step is
// run for real on a checkout without the built files.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";

const OUTPUTS = [
  "extensions/stock-widget/assets/stockroom-loader.js",
  "extensions/stock-widget/assets/stockroom-ui.js",
  "extensions/checkout-stock/dist/checkout-stock.js",
  "extensions/thank-you-survey/dist/thank-you-survey.js",
];

function runFresh(command: string) {
  for (const f of OUTPUTS) rmSync(f, { force: true });
  execFileSync("bash", ["-c", command], { stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } });
  return OUTPUTS.filter((f) => !existsSync(f));
}

describe("start paths build the widget and extension bundles", () => {
  it("npm start: the prestart hook builds them", () => {
    const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
    expect(scripts.prestart, "package.json has no prestart").toBeTruthy();
    expect(runFresh(scripts.prestart)).toEqual([]);
  });

  it("shopify app dev: shopify.web.toml's predev builds them", () => {
    const web = parse(readFileSync("shopify.web.toml", "utf8")) as { commands: Record<string, string> };
    // `npx prisma generate` is the CLI's own step; run the rest of the chain.
    const steps = web.commands.predev.split("&&").map((s) => s.trim()).filter((s) => !s.startsWith("npx prisma"));
    expect(steps.length).toBeGreaterThan(0);
    expect(runFresh(steps.join(" && "))).toEqual([]);
  });

  it("npm run demo: scripts/demo.sh builds them before it starts the app", () => {
    const demo = readFileSync("scripts/demo.sh", "utf8").split("\n");
    const build = demo.findIndex((l) => /^bash scripts\/build-assets\.sh\b/.test(l.trim()));
    const start = demo.findIndex((l) => /^exec node .*dev\/demo\.ts/.test(l.trim()));
    expect(build, "demo.sh never builds the assets").toBeGreaterThanOrEqual(0);
    expect(build).toBeLessThan(start);
    expect(runFresh(demo[build])).toEqual([]);
  }, 60_000);
});
