// Mounts the thank-you extension's SurveyView (Preact) with the checkout element look-alikes;
// client only. The frame has a fixed size (it scrolls inside, and CSS containment keeps its
// content from sizing it), so the page does not move when the preview mounts after hydration or
// grows with the questions.
import { useEffect, useRef } from "react";
import type { PublicSurvey } from "../../surveys/types";
import surveyStrings from "../../../extensions/thank-you-survey/locales/en.default.json";

const translate = (key: string, vars: Record<string, string | number> = {}): string => {
  let entry: unknown = (surveyStrings as Record<string, unknown>)[key];
  if (entry && typeof entry === "object") entry = (entry as Record<string, string>)[vars.count === 1 ? "one" : "other"];
  return typeof entry === "string" ? entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m)) : key;
};

export function SurveyPreview({ survey }: { survey: PublicSurvey }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const el = ref.current;
    Promise.all([import("preact"), import("../../../extensions/thank-you-survey/src/SurveyView"), import("../../surveys/checkout-elements")]).then(
      ([{ h, render }, { SurveyView }, { defineCheckoutElements }]) => {
        if (cancelled || !el) return;
        defineCheckoutElements(window);
        // After the browser painted the edit that changed the preview (keeps clicks responsive).
        timer = setTimeout(() => !cancelled && render(h(SurveyView, { survey, t: translate, submit: async () => "ok" as const }), el), 0);
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
      if (el) import("preact").then(({ render }) => render(null, el));
    };
  }, [survey]);
  return (
    <div
      tabIndex={0}
      role="region"
      aria-label="Survey preview"
      style={{ height: 520, overflowY: "auto", contain: "strict", border: "1px solid var(--p-color-border)", borderRadius: "var(--p-border-radius-200)", padding: "var(--p-space-300)" }}
    >
      <div ref={ref} data-testid="survey-preview" style={{ fontFamily: "-apple-system, 'Segoe UI', system-ui, sans-serif", fontSize: 14 }} />
    </div>
  );
}
