// Dedicated worker process (`npm run worker`), for running web and worker processes
// separately at scale (web processes then run with WORKER=off), and the child a web process
// starts with WORKER=process (app/worker-process.server.ts).
import { ensureWorkerStarted } from "../app/worker.server";

process.env.WORKER = "on";
const worker = ensureWorkerStarted()!;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // Jobs in flight get 10 s to finish; an unfinished one is retried elsewhere (lease / heartbeat).
  setTimeout(() => process.exit(0), 10_000).unref();
  await worker.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
// Started by a web process: stop when it is gone (even after a kill -9).
if (process.send) process.once("disconnect", () => void stop());
