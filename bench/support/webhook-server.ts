// Serves POST /webhooks for the intake benchmark, in one of two modes:
//   queued: the app's real route (verify, store in the inbox + job, 200; the worker processes)
//   inline: what the Remix template does — verify, then run the topic's work before answering
import { createServer } from "node:http";
import "../../app/jobs.server";
import { action } from "../../app/routes/webhooks";
import { authenticate } from "../../app/shopify.server";
import { topicHandlers } from "../../app/webhooks/handlers.server";
import { ensureWorkerStarted } from "../../app/worker.server";

const mode = process.env.BENCH_MODE ?? "queued";
if (mode === "queued" && process.env.WORKER !== "off") ensureWorkerStarted();

async function inline(request: Request): Promise<Response> {
  const ctx = await authenticate.webhook(request);
  const topic = request.headers.get("x-shopify-topic")!;
  const now = new Date();
  for (const h of topicHandlers(topic)) {
    await h({ shop: ctx.shop, topic, payload: ctx.payload, inbox: { id: "inline" } as never, occurredAt: now });
  }
  return new Response(null, { status: 200 });
}

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
  try {
    const response = mode === "inline" ? await inline(request) : ((await action({ request, params: {}, context: {} } as never)) as Response);
    res.writeHead(response.status).end();
  } catch (error) {
    if (error instanceof Response) return void res.writeHead(error.status).end();
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => {
  const a = server.address();
  process.stdout.write(`listening ${typeof a === "object" && a ? a.port : 0}\n`);
});
