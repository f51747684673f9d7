/**
 * The stand-in and the real app (Remix through Vite's dev server, in this process) wired
 * together: what `npm run demo` runs and what the browser tests start. The app's env points
 * its one seam at the stand-in; nothing else differs from production code paths.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as netServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ViteDevServer } from "vite";
import { appEnv, generateCredentials, startStandin, type AppCredentials, type Standin, type StandinOptions } from "./kit.ts";

export interface AppWithStandinOptions {
  /** Database for the app; default: a fresh SQLite file in a temp folder, migrated. */
  databaseUrl?: string;
  /** Run the app's embedded worker (webhook processing, sync jobs): in this process, or ("process") in a child process. */
  worker: boolean | "process";
  appPort?: number;
  standinPort?: number;
  credentials?: AppCredentials;
  seed?: StandinOptions["seed"];
  /** Shops to install the app on (through the app's real token exchange). */
  install?: string[];
  standin?: Partial<StandinOptions>;
  /** Paid plans the merchants chose earlier, e.g. { "north-shop": "Growth" } (approved in the stand-in; needs the worker). */
  plans?: Record<string, string>;
}

export interface AppWithStandin {
  standin: Standin;
  appUrl: string;
  vite: ViteDevServer;
  databaseUrl: string;
  stop(): Promise<void>;
}

export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const s = netServer();
    s.once("error", () => resolve(freePort(0)));
    s.listen(preferred, "127.0.0.1", () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function startAppWithStandin(o: AppWithStandinOptions): Promise<AppWithStandin> {
  const savedEnv = { ...process.env };
  let tempDir: string | null = null;
  let databaseUrl = o.databaseUrl;
  if (!databaseUrl) {
    tempDir = mkdtempSync(join(tmpdir(), "stockroom-app-"));
    databaseUrl = `file:${join(tempDir, "app.sqlite")}`;
  }
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });

  const appPort = await freePort(o.appPort ?? 0);
  const appUrl = `http://127.0.0.1:${appPort}`;
  const creds = o.credentials ?? generateCredentials();
  const standin = await startStandin({ port: o.standinPort ?? 0, appUrl, ...creds, seed: o.seed ?? "demo", ...o.standin });
  Object.assign(process.env, appEnv(standin, creds, appUrl), { DATABASE_URL: databaseUrl, WORKER: o.worker === "process" ? "process" : o.worker ? "on" : "off" });

  const { createServer } = await import("vite");
  const vite = await createServer({
    configFile: join(process.cwd(), "vite.config.ts"),
    server: { port: appPort, host: "127.0.0.1", strictPort: true, hmr: false },
    logLevel: "error",
  });
  await vite.listen();
  if (o.worker === "process") ((await vite.ssrLoadModule("/app/worker.server.ts")) as typeof import("../app/worker.server")).ensureWorkerStarted();
  for (const shop of o.install ?? []) await standin.control.installApp({ shop });
  for (const [shop, name] of Object.entries(o.plans ?? {})) {
    standin.control.subscribe({ shop, name });
    const { planLimits } = (await vite.ssrLoadModule("/app/billing/limits.server.ts")) as typeof import("../app/billing/limits.server");
    for (let i = 0; (await planLimits(`${shop.replace(/\.myshopify\.com$/, "")}.myshopify.com`)).plan.name !== name; i++) {
      if (i > 600) throw new Error(`the app did not learn ${shop}'s ${name} plan (is the worker on?)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    standin,
    appUrl,
    vite,
    databaseUrl,
    async stop() {
      await vite.close().catch(() => undefined);
      await standin.stop().catch(() => undefined);
      process.env = savedEnv;
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
