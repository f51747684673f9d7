/**
 * `npm run demo`: the local Shopify stand-in and the app (Vite dev server, SQLite, in-process
 * worker) in one process, two seeded shops with the app installed through token exchange,
 * every feature seeded live (dev/demo/index.ts; `--empty` for bare shops), and the URLs to open,
 * each with what to try next. Ctrl-C stops everything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startAppWithStandin } from "./app-with-standin.ts";
import { generateCredentials, shopUrls, type AppCredentials } from "./kit.ts";
import type { DemoContext, DemoLine } from "./demo/context.ts";
import { seedDemoApp } from "./demo/index.ts";
import { installNetworkGuard } from "./network-guard.ts";
import { seedRestockDemo } from "./demo/restock.ts";

const STATE_DIR = ".dev-state";
const SHOPS = ["north-shop", "south-shop", "east-shop"];
/** `npm run demo -- --empty`: the installed, imported, unlinked shops and nothing else. */
const empty = process.argv.includes("--empty");

function credentials(): AppCredentials {
  // Generated on first run, kept out of git, so the demo's app secret is never committed.
  const file = join(STATE_DIR, "app-credentials.json");
  const saved: AppCredentials | null = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
  // A demo set up before tokens were encrypted gets its session key now (its old rows are plaintext: still read).
  if (saved?.sessionEncryptionKey) return saved;
  mkdirSync(STATE_DIR, { recursive: true });
  const creds = saved ? { ...saved, sessionEncryptionKey: generateCredentials().sessionEncryptionKey } : generateCredentials();
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

async function main() {
  installNetworkGuard();
  const app = await startAppWithStandin({
    databaseUrl: process.env.DATABASE_URL,
    worker: true,
    appPort: Number(process.env.PORT ?? 3000),
    standinPort: Number(process.env.STANDIN_PORT ?? 4100),
    credentials: credentials(),
    standin: { log: () => {} },
    install: SHOPS,
  });
  const { standin } = app;
  const lines = new Map<string, DemoLine[]>(SHOPS.map((s) => [`${s}.myshopify.com`, []]));
  for (const shop of SHOPS) {
    const urls = shopUrls(standin.url, `${shop}.myshopify.com`);
    lines.get(`${shop}.myshopify.com`)!.push({ label: "Embedded admin", url: urls.admin(), hint: "the app's Overview" }, { label: "Storefront", url: urls.storefront });
  }
  const ctx: DemoContext = {
    standin,
    appUrl: app.appUrl,
    north: "north-shop.myshopify.com",
    south: "south-shop.myshopify.com",
    app: <T,>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>,
    print: (shop, line) => lines.get(shop)?.push(line),
    facts: {},
  };
  // Seed the app's side: catalog imports, and (unless --empty) every feature live (dev/demo/).
  await seedDemoApp(ctx, { empty });
  // Let the seeding's webhooks land before the URLs are printed (the app keeps working after it).
  await standin.control.waitForDeliveries({ timeoutMs: 120_000 }).catch(() => {
    const pending = standin.control.deliveries({}).filter((d) => d.state === "pending");
    console.warn(`(${pending.length} webhook deliveries still pending: ${[...new Set(pending.map((d) => `${d.topic} ${d.state} ${d.attempts.at(-1)?.status ?? ""}`))].join(", ")})`);
  });

  const line = "─".repeat(72);
  console.log(`\n${line}\nStockroom demo is running (Ctrl-C stops everything)${empty ? " — empty: nothing seeded but the catalogs" : ""}\n${line}`);
  console.log(`App:               ${app.appUrl}`);
  console.log(`Shopify stand-in:  ${standin.url}`);
  for (const [shop, shopLines] of lines) {
    console.log(`\n${shop.replace(/\.myshopify\.com$/, "")}`);
    if (empty) {
      const state = standin.control.state({ shop });
      const product = state.products.find((p) => p.variants.some((v) => (v.sku ?? "").length > 0)) ?? state.products[0];
      shopLines.push({ label: "Product page", url: shopUrls(standin.url, shop).product(product.handle), hint: 'press "Buy it now" to place an order' });
    }
    for (const l of shopLines) console.log(`  ${`${l.label}:`.padEnd(17)}${l.url}${l.hint ? `\n  ${"".padEnd(17)}↳ ${l.hint}` : ""}`);
  }
  console.log(await seedRestockDemo(app));
  console.log(`\nPlans: ${shopUrls(standin.url, "north-shop.myshopify.com").admin("app/plans")}   (the plans and their limits; east-shop is a third store to link with the share key)`);
  console.log(`\nData: ${app.databaseUrl}   Control API: ${standin.url}/_control\n`);

  const stop = async () => {
    console.log("\nStopping…");
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
