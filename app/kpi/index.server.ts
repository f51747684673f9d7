// The KPI module: the built-in KPIs, the rollup job and the checkout-to-order join. Imported by
// app/jobs.server.ts (job + topic handlers) and by the Overview (definitions).
import "./builtin/sync.server";
import "./builtin/exceptions.server";
import "./builtin/api.server";
import "./builtin/surveys.server";
import "./cart-notes.server";
import "./privacy.server";
import "./rollup.server";

export { kpiTiles } from "./tiles.server";
export { requestRollupIfStale, rollupShop, scheduleKpiRollup } from "./rollup.server";
