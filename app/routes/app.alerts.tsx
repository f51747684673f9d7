// Admin page "Alerts": where alerts go (email, Slack-compatible webhooks), which troubles
// raise them, who owns each exception class (and its SLA), a test alert, and the history.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AlertsPage } from "../components/AlertsPage";
import { AlertsIntent } from "../alerts/intents";
import { featureRefusal } from "../billing/feature-gate.server";
import type { PlanRefusal } from "../billing/limit-error";
import { addChannel, addRule, alertSettings, alertTriggers, AlertSettingsError, removeChannel, removeRule, sendTestAlert, setRuleEnabled } from "../alerts/index.server";
import { ensureOpsSchedules } from "../ops-schedules.server";
import { deleteOwnerRule, listOwnerRules, OwnerRuleError, saveOwnerRule } from "../owners/rules.server";
import { authenticate } from "../shopify.server";
import { EXCEPTION_CLASSES } from "../sync/exception-classes";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Alerts · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, owners] = await Promise.all([alertSettings(session.shop), listOwnerRules(session.shop)]);
  return {
    ...settings,
    owners,
    classes: [...EXCEPTION_CLASSES],
    triggers: alertTriggers().map((t) => ({ id: t.id, label: t.label })),
    smtpConfigured: Boolean(process.env.SMTP_URL),
    planLimit: await featureRefusal(session.shop, "alerts"),
  };
};

type Result = { ok: true; message: string } | { ok: false; error: string } | PlanRefusal;

/** What sends alerts needs a plan with alerts (Plus); removing them, owners and SLAs stay open to every plan. */
const SENDS_ALERTS = new Set(["add_channel", "add_rule", "test"]);

export const action = async ({ request }: ActionFunctionArgs): Promise<Result> => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const parsed = AlertsIntent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return { ok: false, error: "That form was not understood." };
  const f = parsed.data;
  if (SENDS_ALERTS.has(f.intent) || (f.intent === "toggle_rule" && f.enabled === "true")) {
    const refused = await featureRefusal(shop, "alerts");
    if (refused) return refused;
  }
  try {
    switch (f.intent) {
      case "add_channel":
        await addChannel(shop, f.kind, f.target);
        void ensureOpsSchedules();
        return { ok: true, message: "Channel added" };
      case "remove_channel":
        await removeChannel(shop, f.id);
        return { ok: true, message: "Channel removed" };
      case "add_rule": {
        const params: Record<string, unknown> = {};
        for (const k of ["class", "percent", "minRequests", "minutes"] as const) if (f[k]) params[k] = f[k];
        await addRule(shop, f.trigger, params);
        void ensureOpsSchedules();
        return { ok: true, message: "Rule added" };
      }
      case "remove_rule":
        await removeRule(shop, f.id);
        return { ok: true, message: "Rule removed" };
      case "toggle_rule":
        await setRuleEnabled(shop, f.id, f.enabled === "true");
        return { ok: true, message: f.enabled === "true" ? "Rule on" : "Rule off" };
      case "save_owner":
        await saveOwnerRule(shop, { class: f.class, owner: f.owner, slaHours: f.slaHours });
        return { ok: true, message: "Owner saved" };
      case "remove_owner":
        await deleteOwnerRule(shop, f.id);
        return { ok: true, message: "Owner rule removed" };
      case "test": {
        const n = await sendTestAlert(shop);
        return n ? { ok: true, message: `Test alert sent to ${n} channel${n === 1 ? "" : "s"}` } : { ok: false, error: "Add a channel first" };
      }
    }
  } catch (error) {
    if (error instanceof AlertSettingsError || error instanceof OwnerRuleError) return { ok: false, error: error.message };
    throw error;
  }
};

export default function Alerts() {
  return <AlertsPage data={useLoaderData<typeof loader>()} result={useActionData<typeof action>()} />;
}
