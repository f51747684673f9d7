// What every job run reports: its duration and outcome (metrics), a span that continues the
// trace of whoever enqueued it, and dead-lettered failures to Sentry.
import { SpanKind, SpanStatusCode, context, trace } from "@opentelemetry/api";
import { PermanentJobError, type JobContext } from "../queue/types";
import { metrics } from "./metrics.server";
import { reportError } from "./sentry.server";
import { contextFromPayload, tracer } from "./tracing.server";

export { withTraceContext } from "./tracing.server";

export async function runJobObserved<T>(name: string, payload: unknown, ctx: Pick<JobContext, "jobId" | "attempt" | "maxAttempts" | "shop">, run: () => Promise<T>): Promise<T> {
  const m = metrics();
  const started = performance.now();
  const parent = contextFromPayload(payload);
  const span = tracer().startSpan(`job ${name}`, { kind: SpanKind.CONSUMER, attributes: { "stockroom.job": name, "stockroom.job.id": ctx.jobId, "stockroom.job.attempt": ctx.attempt, ...(ctx.shop ? { "shopify.shop": ctx.shop } : {}) } }, parent);
  try {
    const result = await context.with(trace.setSpan(parent, span), run);
    m.jobDuration.observe({ job: name, outcome: "ok" }, (performance.now() - started) / 1000);
    return result;
  } catch (error) {
    const final = error instanceof PermanentJobError || ctx.attempt >= ctx.maxAttempts;
    m.jobDuration.observe({ job: name, outcome: final ? "dead" : "retry" }, (performance.now() - started) / 1000);
    m.jobFailures.inc({ job: name, final: String(final) });
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error).slice(0, 200) });
    if (final) reportError(error, { job: name, jobId: ctx.jobId, shop: ctx.shop });
    throw error;
  } finally {
    span.end();
  }
}
