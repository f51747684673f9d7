// The operations jobs' schedules (KPI rollups, alert evaluation, retention), registered once per process
// the first time an admin page needs them; the queue keeps one schedule row per name.
import { scheduleAlerts } from "./alerts/evaluate.server";
import { log } from "./log.server";
import { scheduleKpiRollup } from "./kpi/rollup.server";
import { scheduleRetention } from "./maintenance/index.server";

let done: Promise<void> | null = null;

export function ensureOpsSchedules(): Promise<void> {
  done ??= Promise.all([scheduleKpiRollup(), scheduleAlerts(), scheduleRetention()])
    .then(() => undefined)
    .catch((error) => {
      done = null;
      log("warn", "could not register the operations schedules", { error: String(error) });
    });
  return done;
}
