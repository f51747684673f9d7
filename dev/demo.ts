/**
 * `npm run demo`: the local Shopify stand-in and the app (Vite dev server, SQLite, in-process
 * worker) in one process, two seeded shops with the app installed through token exchange,
 * and the URLs to open. Ctrl-C stops everything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startAppWithStandin } from "./app-with-standin.ts";
import { generateCredentials, shopUrls, type AppCredentials } from "./kit.ts";
import { installNetworkGuard } from "./network-guard.ts";

const STATE_DIR = ".dev-state";
const SHOPS = ["north-shop", "south-shop"];

function credentials(): AppCredentials {
  // Generated on first run, kept out of git, so the demo's app secret is never committed.
  const file = join(STATE_DIR, "app-credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(STATE_DIR, { recursive: true });
  const creds = generateCredentials();
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
  // Seed the app's side too: the first catalog + stock import of each shop, as the merchant's
  // "Import catalog and stock" button on the Sync page does, so the widget has live data.
  const { startBulkLevelsRun } = (await app.vite.ssrLoadModule("/app/import/bulk-import.server.ts")) as typeof import("../app/import/bulk-import.server");
  for (const shop of SHOPS) await startBulkLevelsRun(`${shop}.myshopify.com`, { purpose: "import" });
  await standin.control.waitForDeliveries({});

  const line = "─".repeat(72);
  console.log(`\n${line}\nStockroom demo is running (Ctrl-C stops everything)\n${line}`);
  console.log(`App:               ${app.appUrl}`);
  console.log(`Shopify stand-in:  ${standin.url}`);
  for (const shop of SHOPS) {
    const urls = shopUrls(standin.url, `${shop}.myshopify.com`);
    const state = standin.control.state({ shop });
    const product = state.products.find((p) => p.variants.some((v) => (v.sku ?? "").length > 0)) ?? state.products[0];
    console.log(`\n${shop}`);
    console.log(`  Embedded admin:  ${urls.admin()}`);
    console.log(`  Storefront:      ${urls.storefront}`);
    console.log(`  Product page:    ${urls.product(product.handle)}   (press "Buy it now" to place an order)`);
  }
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
