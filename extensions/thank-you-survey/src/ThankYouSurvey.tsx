import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { PublicSurvey } from "../../../app/surveys/types";
import { SurveyView } from "./SurveyView";
import { loadSurveyWithRetry, submitAnswers } from "./survey-api";

// One module for both targets: purchase.thank-you.block.render and
// customer-account.order-status.block.render.
export default async () => {
  render(<ThankYouSurvey />, document.body);
};

const storageKey = (orderId: string) => `survey-done:${orderId}`;

function currentOrder(): { orderId?: string; firstOrder?: boolean } {
  if ("orderConfirmation" in shopify) {
    const oc = shopify.orderConfirmation.value;
    return { orderId: oc?.order.id, firstOrder: oc?.isFirstOrder };
  }
  return { orderId: shopify.order.value?.id };
}

function ThankYouSurvey() {
  const { orderId, firstOrder } = currentOrder();
  const [survey, setSurvey] = useState<PublicSurvey | null>(null);

  useEffect(() => {
    if (!orderId) return;
    let live = true;
    (async () => {
      // Once per order: this browser already answered, or the app says the order has an answer.
      if (await shopify.storage.read(storageKey(orderId)).catch(() => null)) return;
      const found = await loadSurveyWithRetry(() => shopify.sessionToken.get(), orderId, firstOrder);
      if (!live) return;
      if (found.answered) await shopify.storage.write(storageKey(orderId), true).catch(() => undefined);
      else setSurvey(found.survey);
    })().catch(() => undefined); // the survey is optional: after retries it simply stays hidden
    return () => {
      live = false;
    };
  }, [orderId]);

  if (!orderId || !survey) return null;
  const t = (key: string, vars?: Record<string, string | number>) => shopify.i18n.translate(key, vars);
  return (
    <SurveyView
      survey={survey}
      t={t}
      submit={async (answers) => {
        const ok = await submitAnswers(() => shopify.sessionToken.get(), { orderId, versionId: survey.versionId, answers });
        if (ok) await shopify.storage.write(storageKey(orderId), true).catch(() => undefined);
        return ok ? "ok" : "error";
      }}
    />
  );
}
