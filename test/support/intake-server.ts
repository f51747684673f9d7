// A process that serves the app's real webhook route and runs the worker (embedded mode),
// for tests that kill and restart it (WORKER=process: with its worker in a child process). Prints "listening <port>" when ready.
import { createServer } from "node:http";
import { action } from "../../app/routes/webhooks";
import { ensureWorkerStarted } from "../../app/worker.server";

ensureWorkerStarted();

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
  try {
    const response = (await action({ request, params: {}, context: {} } as never)) as Response;
    res.writeHead(response.status).end(await response.text());
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
  if (globalThis.stockroomWorkerChild) process.stdout.write(`worker-child ${globalThis.stockroomWorkerChild.pid}\n`);
});
