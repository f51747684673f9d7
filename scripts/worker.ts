// Dedicated worker process (`npm run worker`), for running web and worker processes
// separately at scale (web processes then run with WORKER=off).
import { ensureWorkerStarted } from "../app/worker.server";

process.env.WORKER = "on";
const worker = ensureWorkerStarted()!;
const stop = async () => {
  await worker.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
