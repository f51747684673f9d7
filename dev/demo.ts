/**
 * `npm run demo`: the local Shopify stand-in and the app (Vite dev server, SQLite, in-process
 * worker) in one process, two seeded shops with the app installed through token exchange,
 * and the URLs to open. Ctrl-C stops everything.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as netServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { appEnv, generateCredentials, shopUrls, startStandin, type AppCredentials } from "./kit.ts";
import { installNetworkGuard } from "./network-guard.ts";

const STATE_DIR = ".dev-state";

function credentials(): AppCredentials {
  // Generated on first run, kept out of git, so the demo's app secret is never committed.
  const file = join(STATE_DIR, "app-credentials.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(STATE_DIR, { recursive: true });
  const creds = generateCredentials();
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = netServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function pickPort(preferred: number): Promise<number> {
  if (await portFree(preferred)) return preferred;
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function main() {
  installNetworkGuard();
  const appPort = await pickPort(Number(process.env.PORT ?? 3000));
  const standinPort = await pickPort(Number(process.env.STANDIN_PORT ?? 4100));
  const appUrl = `http://127.0.0.1:${appPort}`;
  const creds = credentials();

  const standin = await startStandin({ port: standinPort, appUrl, ...creds, seed: "demo", log: () => {} });
  Object.assign(process.env, appEnv(standin, creds, appUrl), { WORKER: "on", PORT: String(appPort) });

  const { createServer } = await import("vite");
  const vite = await createServer({
    configFile: join(process.cwd(), "vite.config.ts"),
    server: { port: appPort, host: "127.0.0.1", strictPort: true, hmr: false },
    logLevel: "warn",
  });
  await vite.listen();

  const shops = ["north-shop", "south-shop"];
  for (const shop of shops) await standin.control.installApp({ shop });
  await standin.control.waitForDeliveries({});

  const line = "─".repeat(72);
  console.log(`\n${line}\nStockroom demo is running (Ctrl-C stops everything)\n${line}`);
  console.log(`App:               ${appUrl}`);
  console.log(`Shopify stand-in:  ${standin.url}`);
  for (const shop of shops) {
    const urls = shopUrls(standin.url, `${shop}.myshopify.com`);
    const state = standin.control.state({ shop });
    const product = state.products.find((p) => p.variants.some((v) => (v.sku ?? "").length > 0)) ?? state.products[0];
    console.log(`\n${shop}`);
    console.log(`  Embedded admin:  ${urls.admin()}`);
    console.log(`  Storefront:      ${urls.storefront}`);
    console.log(`  Product page:    ${urls.product(product.handle)}   (press "Buy" to place an order)`);
  }
  console.log(`\nData: ${process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite"}   Control API: ${standin.url}/_control\n`);

  const stop = async () => {
    console.log("\nStopping…");
    await vite.close().catch(() => undefined);
    await standin.stop().catch(() => undefined);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
