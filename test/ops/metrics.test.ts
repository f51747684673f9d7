// GET /metrics: closed without the token; with it, Prometheus text whose counters move when
// webhooks arrive and jobs run.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import "../../app/jobs.server";
import { dbQueue } from "../../app/queue/index.server";
import { Worker } from "../../app/queue/worker.server";
import { loader } from "../../app/routes/metrics";
import { action } from "../../app/routes/webhooks";
import { signedDelivery } from "../support/webhooks";
import { parsePrometheusText, sampleValue } from "./prometheus-text";

const SHOP = "metrics-shop.myshopify.com";
const TOKEN = "scrape-secret-123";
const scrape = async (auth?: string) =>
  (await loader({ request: new Request("http://app.test/metrics", { headers: auth ? { Authorization: auth } : {} }), params: {}, context: {} } as never)) as Response;
const deliver = (request: Request) => action({ request, params: {}, context: {} } as never) as Promise<Response>;

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.METRICS_TOKEN;
  process.env.METRICS_TOKEN = TOKEN;
});
afterAll(() => {
  process.env.METRICS_TOKEN = saved;
});

describe("GET /metrics", () => {
  it("answers 401 without the token, with a wrong one, and when no token is configured", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong-token-xyz")).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
    process.env.METRICS_TOKEN = "";
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(401);
    process.env.METRICS_TOKEN = TOKEN;
  });

  it("serves Prometheus text with default Node metrics and the app's own", async () => {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const { types } = parsePrometheusText(await res.text());
    expect(types.get("stockroom_process_cpu_user_seconds_total")).toBe("counter");
    expect(types.get("stockroom_nodejs_eventloop_lag_seconds")).toBe("gauge");
    for (const [name, type] of Object.entries({
      stockroom_webhooks_received_total: "counter",
      stockroom_webhook_ack_seconds: "histogram",
      stockroom_job_duration_seconds: "histogram",
      stockroom_job_failures_total: "counter",
      stockroom_queue_depth: "gauge",
      stockroom_queue_oldest_age_seconds: "gauge",
      stockroom_admin_api_requests_total: "counter",
      stockroom_admin_api_cost_points_total: "counter",
      stockroom_admin_api_throttle_wait_seconds_total: "counter",
      stockroom_propagation_latency_seconds: "histogram",
      stockroom_exceptions_open: "gauge",
    })) {
      expect(types.get(name), name).toBe(type);
    }
  });

  it("counters move when webhooks arrive, queue gauges follow the jobs, exceptions by class", async () => {
    const before = parsePrometheusText(await (await scrape(`Bearer ${TOKEN}`)).text()).samples;
    const eventId = randomUUID();
    for (let i = 0; i < 3; i++) expect((await deliver(signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 41 + i }, eventId: i === 2 ? eventId : undefined }))).status).toBe(200);
    expect((await deliver(signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 43 }, eventId }))).status).toBe(200);
    expect((await deliver(signedDelivery({ topic: "orders/create", shop: SHOP, body: { id: 1 }, secret: "forged" }))).status).toBe(401);
    await prisma.syncException.create({ data: { shop: SHOP, class: "drift", title: "t", slaDueAt: new Date(), openKey: "m1" } });

    const mid = parsePrometheusText(await (await scrape(`Bearer ${TOKEN}`)).text()).samples;
    const delta = (name: string, labels: Record<string, string>) => sampleValue(mid, name, labels) - sampleValue(before, name, labels);
    expect(delta("stockroom_webhooks_received_total", { topic: "orders/create", result: "stored" })).toBe(3);
    expect(delta("stockroom_webhooks_received_total", { topic: "orders/create", result: "duplicate" })).toBe(1);
    expect(delta("stockroom_webhooks_received_total", { topic: "orders/create", result: "rejected" })).toBe(1);
    expect(delta("stockroom_webhook_ack_seconds_count", { topic: "orders/create" })).toBe(5);
    expect(sampleValue(mid, "stockroom_queue_depth", { job: "webhook.process" })).toBe(3);
    expect(sampleValue(mid, "stockroom_queue_oldest_age_seconds", { job: "webhook.process" })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(mid, "stockroom_exceptions_open", { class: "drift" })).toBe(1);
    expect(sampleValue(mid, "stockroom_exceptions_open", { class: "oversell" })).toBe(0);

    await new Worker(prisma, dbQueue).drain();
    const after = parsePrometheusText(await (await scrape(`Bearer ${TOKEN}`)).text()).samples;
    expect(sampleValue(after, "stockroom_job_duration_seconds_count", { job: "webhook.process", outcome: "ok" }) - sampleValue(mid, "stockroom_job_duration_seconds_count", { job: "webhook.process", outcome: "ok" })).toBe(3);
    expect(sampleValue(after, "stockroom_queue_depth", { job: "webhook.process" })).toBe(0);
  });
});
