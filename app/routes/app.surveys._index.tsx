// Admin: the shop's post-purchase surveys, on/off switch, create.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SurveysListPage } from "../components/SurveysListPage";
import { authenticate } from "../shopify.server";
import { SurveyError, createSurvey, listSurveys, setSurveyEnabled } from "../surveys/surveys.server";
import { STARTER_QUESTIONS } from "../surveys/starter";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Surveys · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const surveys = await listSurveys(session.shop);
  return {
    surveys: surveys.map((s) => ({
      id: s.id,
      title: s.title,
      enabled: s.enabled,
      targeting: s.targeting,
      displayMode: s.displayMode,
      responses: s.responses,
      updatedAt: s.updatedAt.toISOString(),
    })),
  };
};

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("toggle"), id: z.string().min(1), enabled: z.enum(["true", "false"]) }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  const parsed = Intent.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, error: "Unknown action" };
  try {
    if (parsed.data.intent === "create") {
      const survey = await createSurvey(session.shop, { title: "Quick question", questions: STARTER_QUESTIONS });
      return redirect(`/app/surveys/${survey.id}`);
    }
    await setSurveyEnabled(session.shop, parsed.data.id, parsed.data.enabled === "true");
    return { ok: true, message: parsed.data.enabled === "true" ? "Survey on" : "Survey off" };
  } catch (error) {
    if (error instanceof SurveyError) return { ok: false, error: error.message };
    throw error;
  }
};

export default function Surveys() {
  const { surveys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <SurveysListPage surveys={surveys} result={result && "ok" in result ? result : undefined} />;
}
