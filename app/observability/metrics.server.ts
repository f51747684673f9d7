// The app's Prometheus metrics (prom-client), served by GET /metrics (app/routes/metrics.tsx).
// One registry per process, kept on globalThis so a module reload in development does not
// register the same names twice. Labels never carry a shop or any other unbounded value.
import client from "prom-client";

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "stockroom_" });
  const r = [registry];
  return {
    registry,
    webhooksReceived: new client.Counter({
      name: "stockroom_webhooks_received_total",
      help: "Webhook deliveries by topic and intake result (stored, duplicate, ignored, malformed, rejected, error).",
      labelNames: ["topic", "result"] as const,
      registers: r,
    }),
    webhookAck: new client.Histogram({
      name: "stockroom_webhook_ack_seconds",
      help: "Time from a webhook request's arrival until its response.",
      labelNames: ["topic"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    }),
    jobDuration: new client.Histogram({
      name: "stockroom_job_duration_seconds",
      help: "Job handler run time by job name and outcome (ok, retry, dead).",
      labelNames: ["job", "outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: r,
    }),
    jobFailures: new client.Counter({
      name: "stockroom_job_failures_total",
      help: "Failed job runs by job name; final=true when the job was dead-lettered.",
      labelNames: ["job", "final"] as const,
      registers: r,
    }),
    queueDepth: new client.Gauge({
      name: "stockroom_queue_depth",
      help: "Jobs waiting to run, by job name.",
      labelNames: ["job"] as const,
      registers: r,
    }),
    queueOldestAge: new client.Gauge({
      name: "stockroom_queue_oldest_age_seconds",
      help: "Age of the oldest job that is due and waiting, by job name.",
      labelNames: ["job"] as const,
      registers: r,
    }),
    adminRequests: new client.Counter({
      name: "stockroom_admin_api_requests_total",
      help: "Admin API requests by operation and final outcome (ok, throttled, graphql, http, network, auth).",
      labelNames: ["operation", "outcome"] as const,
      registers: r,
    }),
    adminAttempts: new client.Counter({
      name: "stockroom_admin_api_attempts_total",
      help: "Admin API attempts (a request retries after THROTTLED or a transient error), by outcome.",
      labelNames: ["outcome"] as const,
      registers: r,
    }),
    adminCost: new client.Counter({
      name: "stockroom_admin_api_cost_points_total",
      help: "Actual query cost Shopify reported, by operation.",
      labelNames: ["operation"] as const,
      registers: r,
    }),
    adminThrottleWait: new client.Counter({
      name: "stockroom_admin_api_throttle_wait_seconds_total",
      help: "Time requests waited for the shop's cost bucket (pacing and THROTTLED answers).",
      registers: r,
    }),
    propagation: new client.Histogram({
      name: "stockroom_propagation_latency_seconds",
      help: "A store's change (event time) until the last other store's write was confirmed.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: r,
    }),
    exceptionsOpen: new client.Gauge({
      name: "stockroom_exceptions_open",
      help: "Open sync exceptions, by class.",
      labelNames: ["class"] as const,
      registers: r,
    }),
    retentionDeleted: new client.Counter({
      name: "stockroom_retention_deleted_total",
      help: "Finished working rows deleted by the retention job, by rule (app/maintenance/retention.server.ts).",
      labelNames: ["rule"] as const,
      registers: r,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

declare global {
  var stockroomMetrics: Metrics | undefined;
}

export function metrics(): Metrics {
  globalThis.stockroomMetrics ??= create();
  return globalThis.stockroomMetrics;
}
