// Admin page: survey results (app/components/surveys/SurveyResultsPage.tsx), with a date range,
// text search and paginated text answers; CSV export is app.surveys.$id_.export[.csv].tsx.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SurveyResultsPage } from "../components/surveys/SurveyResultsPage";
import { authenticate } from "../shopify.server";
import { parseFilter } from "../surveys/filter";
import { getSurvey, surveyResults } from "../surveys/surveys.server";

export const meta = () => [{ title: "Survey results · Stockroom" }];

const ANSWERS_PER_PAGE = 25;
const Page = z.coerce.number().int().min(1).max(100_000).catch(1);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  const found = await getSurvey(session.shop, id);
  if (!found) throw new Response("Survey not found", { status: 404 });
  const search = new URL(request.url).searchParams;
  const filter = parseFilter(search);
  const results = (await surveyResults(session.shop, id, filter.errors.length ? {} : filter))!;
  const pages = Math.max(1, Math.ceil(results.matches.length / ANSWERS_PER_PAGE));
  const page = Math.min(pages, Page.parse(search.get("page") ?? 1));
  return {
    survey: { id, title: found.survey.title, enabled: found.survey.enabled },
    errors: filter.errors,
    filtered: !!(search.get("from") || search.get("to") || search.get("q")),
    results: {
      ...results,
      // The page shows counts and bars; the text answers are listed below, a page at a time.
      questions: results.questions.map((q) => (q.type === "text" ? { id: q.id, type: q.type, label: q.label, answered: q.answered } : q)),
      matches: results.matches.slice((page - 1) * ANSWERS_PER_PAGE, page * ANSWERS_PER_PAGE).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
      matchCount: results.matches.length,
      page,
      pages,
    },
  };
};

export default function SurveyResults() {
  return <SurveyResultsPage data={useLoaderData<typeof loader>()} />;
}
