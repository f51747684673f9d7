// Demo step: a post-purchase survey enabled in both shops (the starter questions plus a free
// text one), so the thank-you page of any demo order shows it.
import { STARTER_QUESTIONS } from "../../app/surveys/starter.ts";
import type { DemoContext } from "./context.ts";

export async function enableSurveys(ctx: DemoContext): Promise<void> {
  const { createSurvey, setSurveyEnabled } = await ctx.app<typeof import("../../app/surveys/surveys.server")>("/app/surveys/surveys.server.ts");
  for (const shop of [ctx.north, ctx.south]) {
    const survey = await createSurvey(shop, {
      title: "Help us improve",
      questions: [...STARTER_QUESTIONS, { id: "notes", type: "text", label: "Anything else we should know?", required: false, maxLength: 500 }],
    });
    await setSurveyEnabled(shop, survey.id, true);
  }
}
