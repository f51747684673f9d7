// With OTEL_EXPORTER_OTLP_ENDPOINT set, a webhook, the jobs it causes and their Admin API call
// are one trace (the context crosses the queue in the job payload), with the shop as an
// attribute — received by a local OTLP/HTTP endpoint. Without it, nothing is exported.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedDelivery } from "../support/webhooks";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
}

let collector: Server;
let graphql: Server;
const spans: OtlpSpan[] = [];
let graphqlUrl = "";

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of parsed.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  // Stands in for the shop's Admin API: one answer with Shopify's cost extension.
  graphql = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ data: { shop: { name: "North" } }, extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } } } })));
  });
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await listen(collector);
  graphqlUrl = await listen(graphql);
});

afterAll(async () => {
  const { stopTracing } = await import("../../app/observability/tracing.server");
  await stopTracing();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  collector.close();
  graphql.close();
});

const attr = (s: OtlpSpan, key: string) => s.attributes.find((a) => a.key === key)?.value.stringValue;

describe("tracing", () => {
  it("webhook → job → job → Admin API call is one trace with the shop on it", async () => {
    const { startTracing, stopTracing, TRACE_FIELD } = await import("../../app/observability/tracing.server");
    expect(await startTracing()).toBe(true);
    const { default: prisma } = await import("../../app/db.server");
    await import("../../app/jobs.server");
    const { PIPELINES } = await import("../../app/webhooks/pipelines.server");
    const { queue, dbQueue } = await import("../../app/queue/index.server");
    const { registerJob } = await import("../../app/queue/registry.server");
    const { Worker } = await import("../../app/queue/worker.server");
    const { AdminClient } = await import("../../app/admin/client.server");
    const { action } = await import("../../app/routes/webhooks");

    // A feature step that queues Admin API work, as sync's steps do.
    PIPELINES["orders/create"].push(async (e) => {
      await queue.enqueue({ name: "test.admin-work", payload: { shop: e.shop }, shop: e.shop });
    });
    registerJob<{ shop: string }>("test.admin-work", async ({ shop }) => {
      const client = new AdminClient({ shop, endpoint: graphqlUrl, getToken: async () => ({ token: "t", expiresAt: null }) });
      await client.request("query TraceShop { shop { name } }");
    });

    const shop = "trace-north.myshopify.com";
    const res = await (action({ request: signedDelivery({ topic: "orders/create", shop, body: { id: 7, line_items: [] } }), params: {}, context: {} } as never) as Promise<Response>);
    expect(res.status).toBe(200);
    const job = await prisma.job.findFirstOrThrow({ where: { name: "webhook.process" } });
    expect(JSON.parse(job.payload)[TRACE_FIELD].traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await new Worker(prisma, dbQueue).drain();
    await stopTracing();

    const byName = (name: string) => spans.find((s) => s.name === name)!;
    const webhook = byName("webhook orders/create");
    const processJob = byName("job webhook.process");
    const workJob = byName("job test.admin-work");
    const admin = byName("shopify.admin TraceShop");
    expect([webhook, processJob, workJob, admin].every(Boolean)).toBe(true);
    expect(new Set([webhook, processJob, workJob, admin].map((s) => s.traceId)).size).toBe(1);
    expect(processJob.parentSpanId).toBe(webhook.spanId);
    expect(workJob.parentSpanId).toBe(processJob.spanId);
    expect(admin.parentSpanId).toBe(workJob.spanId);
    expect(attr(webhook, "shopify.shop")).toBe(shop);
    expect(attr(workJob, "shopify.shop")).toBe(shop);
    expect(attr(admin, "shopify.shop")).toBe(shop);
  });

  it("is off without the endpoint: the SDK is not started and job payloads carry no context", async () => {
    const { startTracing, withTraceContext } = await import("../../app/observability/tracing.server");
    expect(await startTracing({})).toBe(false);
    expect(withTraceContext({ inboxId: "x" })).toEqual({ inboxId: "x" });
  });
});
