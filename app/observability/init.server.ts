// Starts what is configured (tracing with OTEL_EXPORTER_OTLP_ENDPOINT, Sentry with SENTRY_DSN)
// once per process. With neither set nothing is loaded and nothing is sent anywhere.
import { log } from "../log.server";
import { startSentry } from "./sentry.server";
import { startTracing } from "./tracing.server";

let started: Promise<void> | null = null;

export function initObservability(env: Record<string, string | undefined> = process.env): Promise<void> {
  started ??= Promise.all([startTracing(env), startSentry(env)])
    .then(() => undefined)
    .catch((error) => log("error", "observability set-up failed", { error: String(error) }));
  return started;
}
