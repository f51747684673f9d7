// Admin page: the survey builder (app/components/surveys/SurveyBuilderPage.tsx). The form is
// parsed with zod; the questions are validated by updateSurvey. A change to the title or the
// questions creates a new version; answers keep theirs.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SurveyBuilderPage } from "../components/surveys/SurveyBuilderPage";
import { authenticate } from "../shopify.server";
import { SurveyError, getSurvey, updateSurvey } from "../surveys/surveys.server";
import type { DisplayMode, Question, Targeting } from "../surveys/types";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Edit survey · Stockroom" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await getSurvey(session.shop, params.id ?? "");
  if (!found) throw new Response("Survey not found", { status: 404 });
  return {
    survey: {
      id: found.survey.id,
      title: found.survey.title,
      enabled: found.survey.enabled,
      targeting: found.survey.targeting as Targeting,
      displayMode: found.survey.displayMode as DisplayMode,
      version: found.version?.version ?? 0,
    },
    versions: found.versions.length,
    questions: found.questions as Question[],
  };
};

const SaveIntent = z.object({
  intent: z.literal("save").default("save"),
  title: z.string().max(200).default(""),
  questions: z.string().max(200_000).default("[]"),
  targeting: z.enum(["all", "first_time"]),
  displayMode: z.enum(["all_at_once", "one_at_a_time"]),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = SaveIntent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return json({ ok: false as const, error: "That form was not understood." }, { status: 400 });
  let questions: unknown;
  try {
    questions = JSON.parse(parsed.data.questions);
  } catch {
    return json({ ok: false as const, error: "The questions could not be read." }, { status: 400 });
  }
  try {
    const before = await getSurvey(session.shop, params.id ?? "");
    const saved = await updateSurvey(session.shop, params.id ?? "", { title: parsed.data.title, questions, targeting: parsed.data.targeting, displayMode: parsed.data.displayMode });
    const newVersion = saved.currentVersionId !== before?.survey.currentVersionId;
    return json({ ok: true as const, message: newVersion ? "Saved as a new version. Earlier answers keep their version." : "Saved." });
  } catch (error) {
    if (error instanceof SurveyError) return json({ ok: false as const, error: error.message }, { status: error.status });
    throw error;
  }
};

export default function SurveyBuilder() {
  return <SurveyBuilderPage data={useLoaderData<typeof loader>()} result={useActionData<typeof action>()} />;
}
