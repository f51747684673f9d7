// The app as operators run it, in child processes the fault and fuzz suites can kill -9: the
// production build (`remix vite:build`, served by server/serve.mjs, as `npm start` serves it) as
// the web process, and, when asked, a dedicated worker process (`scripts/worker.ts`, WORKER=off
// on the web process), both against the test file's database and the dev/ stand-in running in
// this (test) process. The stand-in delivers webhooks to the web process with Shopify's headers
// and retries, so what the app acknowledged is in the stand-in's delivery log.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../dev/app-with-standin.ts";
import { appEnv, BROWSER_USER_AGENT, startStandin, type Standin, type StandinOptions } from "../../dev/kit.ts";

const ROOT = process.cwd();
const SERVER_BUILD = join(ROOT, "build/server/index.js");

/** Builds the app once when there is no build (CI's test command builds before the suites). */
export function ensureBuild(): void {
  if (existsSync(SERVER_BUILD) && process.env.HARDEN_REBUILD !== "1") return;
  execFileSync("node_modules/.bin/remix", ["vite:build"], { stdio: ["ignore", "ignore", "inherit"] });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is truthy (generous: the machine may be loaded). */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 120_000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(everyMs);
  }
}

export interface ChildRole {
  name: "web" | "worker";
  child: ChildProcess | null;
  /** Exits we did not cause (crashes). */
  crashes: number;
  killed: number;
  log: string[];
}

export interface AppProcessesOptions {
  databaseUrl: string;
  /** A separate worker process (the web process then runs WORKER=off); default: embedded worker. */
  separateWorker?: boolean;
  env?: Record<string, string>;
  standin?: Partial<StandinOptions>;
}

export class AppProcesses {
  readonly web: ChildRole = { name: "web", child: null, crashes: 0, killed: 0, log: [] };
  readonly worker: ChildRole = { name: "worker", child: null, crashes: 0, killed: 0, log: [] };
  standin!: Standin;
  appUrl = "";
  private port = 0;
  private env: Record<string, string> = {};

  constructor(private readonly o: AppProcessesOptions) {}

  async start(): Promise<this> {
    ensureBuild();
    this.port = await freePort();
    this.appUrl = `http://127.0.0.1:${this.port}`;
    const creds = { apiKey: process.env.SHOPIFY_API_KEY!, apiSecret: process.env.SHOPIFY_API_SECRET! };
    this.standin = await startStandin({ port: 0, appUrl: this.appUrl, ...creds, log: () => {}, checkoutExtensions: false, ...this.o.standin });
    this.env = {
      ...(process.env as Record<string, string>),
      ...appEnv(this.standin, creds, this.appUrl),
      SESSION_ENCRYPTION_KEY: process.env.SESSION_ENCRYPTION_KEY!,
      DATABASE_URL: this.o.databaseUrl,
      PORT: String(this.port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOG_LEVEL: "error",
      WORKER_LEASE_MS: "5000",
      ...this.o.env,
    };
    // This process talks to the same database and stand-in as the app (set-up, assertions).
    Object.assign(process.env, { SHOPIFY_STANDIN_URL: this.standin.url, SHOPIFY_APP_URL: this.appUrl });
    await this.spawnAll();
    return this;
  }

  private spawnRole(role: ChildRole) {
    const env: NodeJS.ProcessEnv = { NODE_ENV: "production", ...this.env, WORKER: role.name === "worker" ? "on" : this.o.separateWorker ? "off" : "on" };
    const args = role.name === "web" ? [join(ROOT, "server/serve.mjs"), SERVER_BUILD] : ["--import", "tsx", join(ROOT, "scripts/worker.ts")];
    const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    role.child = child;
    const keep = (b: Buffer) => {
      role.log.push(...b.toString().split("\n").filter(Boolean));
      if (role.log.length > 5000) role.log.splice(0, role.log.length - 5000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("exit", (code: number | null, signal: NodeJS.Signals | null) => {
      if (role.child === child) {
        role.child = null;
        if (signal !== "SIGKILL" && signal !== "SIGTERM") {
          role.crashes++;
          role.log.push(`[exited code=${code} signal=${signal}]`);
        }
      }
    });
  }

  async spawnAll() {
    this.spawnRole(this.web);
    if (this.o.separateWorker) this.spawnRole(this.worker);
    await this.waitUp();
  }

  async waitUp() {
    await waitFor("the app to answer", () => fetch(`${this.appUrl}/webhooks`, { headers: { "User-Agent": BROWSER_USER_AGENT } }).then((r) => r.status > 0), 180_000, 100);
  }

  /** kill -9 a role (default: the web process, which runs the embedded worker) and wait until it is gone. */
  async kill9(roleName: "web" | "worker" = "web") {
    const role = roleName === "web" ? this.web : this.worker;
    const child = role.child;
    if (!child) return;
    const gone = new Promise((r) => child.once("exit", r));
    role.child = null;
    child.kill("SIGKILL");
    role.killed++;
    await gone;
  }

  async restart(roleName: "web" | "worker" = "web") {
    this.spawnRole(roleName === "web" ? this.web : this.worker);
    if (roleName === "web") await this.waitUp();
  }

  get crashes() {
    return this.web.crashes + this.worker.crashes;
  }

  logTail(n = 40) {
    return [...this.web.log.slice(-n).map((l) => `web: ${l}`), ...this.worker.log.slice(-n).map((l) => `worker: ${l}`)].join("\n");
  }

  async stop() {
    for (const role of [this.web, this.worker]) {
      const c = role.child;
      role.child = null;
      if (c) {
        const gone = new Promise((r) => c.once("exit", r));
        c.kill("SIGKILL");
        await gone;
      }
    }
    await this.standin?.stop().catch(() => undefined);
  }
}

/** Modification time of the server build, for the suites' printout. */
export function buildTime(): string {
  return existsSync(SERVER_BUILD) ? statSync(SERVER_BUILD).mtime.toISOString() : "none";
}
