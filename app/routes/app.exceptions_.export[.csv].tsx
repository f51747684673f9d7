import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseExceptionsQuery } from "../exceptions/query";
import { authenticate } from "../shopify.server";
import { exceptionsCsv } from "../sync/admin.server";

// GET /app/exceptions/export.csv with the list's filters (status defaults to all here).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { filter } = parseExceptionsQuery(new URL(request.url).searchParams, "all");
  const csv = await exceptionsCsv(session.shop, filter);
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="stockroom-exceptions.csv"` },
  });
};
