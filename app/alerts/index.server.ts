// The alerts module: triggers (built-in ones registered here), the scheduled evaluation and
// delivery jobs. Imported by app/jobs.server.ts and the Alerts page.
import "./builtin-triggers.server";
import "./evaluate.server";
import "./deliver.server";

export { alertSettings, addChannel, addRule, removeChannel, removeRule, setRuleEnabled, AlertSettingsError } from "./settings.server";
export { sendTestAlert } from "./deliver.server";
export { evaluateShopAlerts, scheduleAlerts } from "./evaluate.server";
export { alertTriggers, registerTrigger } from "./triggers.server";
