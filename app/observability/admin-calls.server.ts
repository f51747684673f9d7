// What every Admin API request reports (called by app/admin/client.server.ts): outcome,
// attempts, cost and throttle waits as metrics, success as the shop's KPI fact, and a client
// span in the current trace.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { countFact } from "../kpi/counters.server";
import { ADMIN_CALLS_FACT } from "../kpi/facts";
import { metrics } from "./metrics.server";
import { tracer } from "./tracing.server";

export interface AdminCall {
  /** Time spent waiting for the shop's cost bucket. */
  waited(ms: number): void;
  /** One attempt's outcome ("ok" or the error kind) and the actual cost Shopify reported. */
  attempt(outcome: string, actualCost: number | null | undefined): void;
  /** The request's final outcome. */
  end(outcome: string): void;
}

export interface AdminCallObserver {
  begin(shop: string, operation: string): AdminCall;
}

export const adminCallObserver: AdminCallObserver = {
  begin(shop, operation) {
    const m = metrics();
    const span = tracer().startSpan(`shopify.admin ${operation}`, { kind: SpanKind.CLIENT, attributes: { "shopify.shop": shop, "graphql.operation.name": operation } });
    let attempts = 0;
    return {
      waited(ms) {
        if (ms > 0) m.adminThrottleWait.inc(ms / 1000);
      },
      attempt(outcome, actualCost) {
        attempts++;
        m.adminAttempts.inc({ outcome });
        if (actualCost) m.adminCost.inc({ operation }, actualCost);
      },
      end(outcome) {
        m.adminRequests.inc({ operation, outcome });
        countFact(shop, ADMIN_CALLS_FACT, { num: outcome === "ok" ? 1 : 0, den: 1, data: { outcomes: { [outcome]: 1 } } });
        span.setAttribute("stockroom.admin.attempts", attempts);
        span.setAttribute("stockroom.admin.outcome", outcome);
        if (outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        span.end();
      },
    };
  },
};
