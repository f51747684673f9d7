import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { exceptionsCsv, type ExceptionFilter } from "../sync/admin.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const p = new URL(request.url).searchParams;
  const filter: ExceptionFilter = { status: (p.get("status") as ExceptionFilter["status"]) || "all", class: p.get("class") || undefined, sku: p.get("sku") || undefined, overdue: p.get("overdue") === "1" };
  const csv = await exceptionsCsv(session.shop, filter);
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="stockroom-exceptions.csv"` },
  });
};
