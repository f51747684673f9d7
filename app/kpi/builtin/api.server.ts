// KPIs from the hot-path counters: Admin API call outcomes and webhook acknowledgement times.
import { counterTotals } from "../counters.server";
import { registerKpi } from "../registry.server";
import { percentileSummary, ratioSummary } from "../summaries";

import { ADMIN_CALLS_FACT, WEBHOOK_ACK_FACT } from "../facts";

export { ADMIN_CALLS_FACT, WEBHOOK_ACK_FACT };

registerKpi({
  id: "admin_api_success",
  title: "Admin API success rate",
  definition: "Admin API requests that succeeded (after the client's own retries), of all requests.",
  format: "percent",
  better: "higher",
  target: 99,
  combine: "sum",
  order: 50,
  summarize: ratioSummary({ combine: "sum", decimals: 2 }),
  async aggregate({ scope, from, to, db }) {
    const t = await counterTotals(db, scope.shop, ADMIN_CALLS_FACT, from, to);
    return t.den > 0 ? { num: t.num, den: t.den, data: t.data } : null;
  },
});

registerKpi({
  id: "webhook_ack",
  title: "Webhook acknowledgement",
  definition: "99th percentile of the time from a webhook's arrival until Shopify got its answer.",
  format: "ms",
  better: "lower",
  combine: "sum",
  order: 60,
  summarize: percentileSummary([99]),
  async aggregate({ scope, from, to, db }) {
    const t = await counterTotals(db, scope.shop, WEBHOOK_ACK_FACT, from, to);
    return t.den > 0 ? { num: t.den, den: 0, data: t.data } : null;
  },
});
