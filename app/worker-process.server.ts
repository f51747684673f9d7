import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { errorMessage, log } from "./log.server";

// The embedded default keeps the worker out of the web process's event loop: the web process
// starts one worker process beside itself (`WORKER=process`, what `npm start` and the demo use),
// restarts it if it dies, and stops it when it stops. The child exits on its own when its parent
// is gone (the IPC channel closes), so a kill -9 of the web process leaves no orphan.

declare global {
  var stockroomWorkerChild: ChildProcess | null | undefined;
}

let stopping = false;
let restarts = 0;
let exitHook = false;

export function startWorkerProcess(): void {
  if (globalThis.stockroomWorkerChild || stopping) return;
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => globalThis.stockroomWorkerChild?.kill("SIGTERM"));
  }
  const script = join(process.cwd(), "scripts", "worker.ts");
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, WORKER: "on", STOCKROOM_WORKER_CHILD: "1" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  log("info", "worker process started", { pid: child.pid });
  child.on("error", (error) => log("error", "worker process failed to start", { error: errorMessage(error) }));
  globalThis.stockroomWorkerChild = child;
  child.on("exit", (code, signal) => {
    globalThis.stockroomWorkerChild = null;
    if (stopping) return;
    // Restart, backing off if it keeps dying at once.
    restarts = Date.now() - started > 30_000 ? 0 : restarts + 1;
    const delay = Math.min(30_000, 500 * 2 ** restarts);
    log("error", "worker process exited, restarting", { code, signal, delayMs: delay });
    setTimeout(startWorkerProcess, delay).unref();
  });
}

export async function stopWorkerProcess(): Promise<void> {
  stopping = true;
  const c = globalThis.stockroomWorkerChild;
  if (!c) return;
  await new Promise<void>((resolve) => {
    c.once("exit", () => resolve());
    c.kill("SIGTERM");
    setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
  });
}

