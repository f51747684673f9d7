// Error reports to Sentry (@sentry/remix), on only when SENTRY_DSN is set: the SDK is loaded
// then; without it nothing is loaded or sent. Tracing stays with OpenTelemetry (tracing.server.ts).
import { log } from "../log.server";

type SentryLike = { captureException(error: unknown, hint?: unknown): string; flush(timeout?: number): Promise<boolean>; close(timeout?: number): Promise<boolean> };

let sentry: SentryLike | null = null;

export async function startSentry(env: Record<string, string | undefined> = process.env): Promise<boolean> {
  if (!env.SENTRY_DSN) return false;
  if (sentry) return true;
  const Sentry = await import("@sentry/remix");
  Sentry.init({
    dsn: env.SENTRY_DSN,
    environment: env.SENTRY_ENVIRONMENT || env.NODE_ENV,
    release: env.SENTRY_RELEASE,
    // Errors only: performance tracing is OpenTelemetry's job here.
    tracesSampleRate: 0,
    skipOpenTelemetrySetup: true,
    sendDefaultPii: false,
  });
  sentry = Sentry as unknown as SentryLike;
  log("info", "error reporting on (Sentry)");
  return true;
}

/** Reports an error when Sentry is on; a no-op otherwise. */
export function reportError(error: unknown, context: Record<string, string | number | boolean | null | undefined> = {}): void {
  if (!sentry) return;
  sentry.captureException(error, { extra: context });
}

export async function stopSentry(): Promise<void> {
  const s = sentry;
  sentry = null;
  await s?.close(2_000);
}
