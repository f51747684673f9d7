// Shared by the sync benchmarks that run a configuration on PostgreSQL with separate worker
// processes: a throw-away database on PG_BASE_URL with the generated Prisma client switched to
// PostgreSQL for its lifetime, and `scripts/worker.ts` processes (pg-boss) beside the bench.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";

export const PG_HINT = 'PG_BASE_URL is not set; enable it with: eval "$(scripts/pg-cluster.sh start)"; export PG_BASE_URL (stop it with scripts/pg-cluster.sh stop)';

async function pgAdmin(sql: string) {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: `${process.env.PG_BASE_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Runs `fn` with the URL of a fresh PostgreSQL database. The generated client is tied to one
 * provider: it is PostgreSQL's while `fn` runs (processes started meanwhile load it) and SQLite's
 * again afterwards, as the rest of the project expects.
 */
export async function withPostgresDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<T> {
  if (!process.env.PG_BASE_URL) throw new Error(PG_HINT);
  const url = `${process.env.PG_BASE_URL}/${name}`;
  await pgAdmin(`DROP DATABASE IF EXISTS ${name}`);
  await pgAdmin(`CREATE DATABASE ${name}`);
  execFileSync("scripts/prisma-generate.sh", { env: { ...process.env, DATABASE_URL: url }, stdio: "inherit" });
  try {
    return await fn(url);
  } finally {
    execFileSync("scripts/prisma-generate.sh", { env: { ...process.env, DATABASE_URL: "" }, stdio: "inherit" });
    await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  }
}

/**
 * Starts `n` dedicated worker processes (`npm run worker`'s script) on this process's
 * DATABASE_URL and SHOPIFY_STANDIN_URL. They are killed when this process exits.
 */
export async function startWorkerProcesses(n: number, note: (msg: string) => void): Promise<{ stop: () => Promise<void> }> {
  const workers: ChildProcess[] = [];
  let stopping = false;
  process.on("exit", () => {
    for (const w of workers) w.kill("SIGKILL");
  });
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, WORKER: "on" }, stdio: ["ignore", "inherit", "inherit"] });
    workers.push(child);
    child.once("exit", (code, signal) => {
      if (!stopping) note(`a worker process exited (${code ?? signal}) before the end`);
    });
    // scripts/worker.ts prints nothing when ready; one at a time, so only one installs pg-boss's schema.
    await new Promise((r) => setTimeout(r, 3_000));
  }
  return {
    async stop() {
      stopping = true;
      const exited = workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r))));
      for (const w of workers) w.kill("SIGTERM");
      await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 12_000))]);
    },
  };
}
