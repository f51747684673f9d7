// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces-specific
// endpoint) is set: the SDK is loaded then, spans go to that OTLP/HTTP endpoint, and nothing
// else (no metrics, no logs) is exported. Without it the API's no-op tracer costs nothing.
// A trace crosses the job queue in the job payload (`_trace`, W3C traceparent), so a webhook,
// the jobs it causes and their Admin API calls are one trace.
import { context, propagation, trace, type Context } from "@opentelemetry/api";
import { log } from "../log.server";

export const TRACE_FIELD = "_trace";

let sdk: { shutdown(): Promise<void> } | null = null;

export function tracer() {
  return trace.getTracer("stockroom");
}

export function tracingConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export async function startTracing(env: Record<string, string | undefined> = process.env): Promise<boolean> {
  if (!tracingConfigured(env)) return false;
  if (sdk) return true;
  const [{ NodeSDK }, { OTLPTraceExporter }, { HttpInstrumentation }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/instrumentation-http"),
  ]);
  const instance = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || "stockroom",
    traceExporter: new OTLPTraceExporter(),
    logRecordProcessors: [],
    instrumentations: [new HttpInstrumentation()],
  });
  instance.start();
  sdk = instance;
  log("info", "tracing on (OpenTelemetry, OTLP/HTTP)", { endpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT });
  return true;
}

/** Flushes and stops the SDK (process shutdown, tests). */
export async function stopTracing(): Promise<void> {
  const s = sdk;
  sdk = null;
  await s?.shutdown();
}

/** The active trace context as a carrier to store with a job; null when there is none. */
export function traceCarrier(): Record<string, string> | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? carrier : null;
}

/**
 * The payload with the active trace context added; unchanged when tracing is off, when it is
 * not an object, or when it already carries one (set where the job was created).
 */
export function withTraceContext<P>(payload: P): P {
  if (!payload || typeof payload !== "object" || Array.isArray(payload) || TRACE_FIELD in payload) return payload;
  const carrier = traceCarrier();
  return carrier ? ({ ...payload, [TRACE_FIELD]: carrier } as P) : payload;
}

export function contextFromPayload(payload: unknown): Context {
  const carrier = payload && typeof payload === "object" ? (payload as Record<string, unknown>)[TRACE_FIELD] : undefined;
  if (!carrier || typeof carrier !== "object") return context.active();
  return propagation.extract(context.active(), carrier as Record<string, string>);
}
