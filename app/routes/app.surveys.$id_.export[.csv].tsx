// GET /app/surveys/:id/export.csv?from=&to= → one row per response (UTF-8 CSV).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { responsesCsv } from "../surveys/surveys.server";
import { parseFilter } from "../surveys/filter";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const filter = parseFilter(new URL(request.url).searchParams);
  if (filter.errors.length) return new Response(filter.errors.join(" "), { status: 400 });
  const csv = await responsesCsv(session.shop, params.id ?? "", filter);
  if (csv === null) return new Response("Survey not found", { status: 404 });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="survey-${params.id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
};
