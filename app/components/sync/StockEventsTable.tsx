import { Link } from "@remix-run/react";
import { DataTable, Pagination } from "@shopify/polaris";

export interface EventRow {
  id: number;
  createdAt: string | Date;
  shop: string;
  sku: string | null;
  cause: string;
  delta: number;
  valueAfter: number | null;
  poolAfter: number | null;
  result: string;
  detail: string | null;
  sourceEventId: string | null;
  correlationId: string | null;
}

const HEADINGS = ["When (UTC)", "Store", "SKU", "Cause", "Δ", "Store value", "Pool", "Result", "Why / event"];
const TYPES: ("text" | "numeric")[] = ["text", "text", "text", "text", "numeric", "numeric", "numeric", "text", "text"];

/** Stock events, newest first: who changed what, why (a rebalance names its trigger), from which event. */
export function StockEventsTable({ events, groupId, pager }: { events: EventRow[]; groupId: string | null; pager?: { page: number; pages: number; go: (p: number) => void } }) {
  const rows = events.map((e) => [
    new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19),
    e.shop,
    e.sku && groupId ? <Link to={`?group=${groupId}&sku=${encodeURIComponent(e.sku)}`}>{e.sku}</Link> : (e.sku ?? ""),
    e.cause,
    e.delta > 0 ? `+${e.delta}` : String(e.delta),
    e.valueAfter ?? "",
    e.poolAfter ?? "",
    e.result,
    e.detail ?? e.sourceEventId ?? e.correlationId ?? "",
  ]);
  return (
    <>
      <DataTable columnContentTypes={TYPES} headings={HEADINGS} rows={rows} />
      {pager && pager.pages > 1 && (
        <Pagination hasPrevious={pager.page > 1} onPrevious={() => pager.go(pager.page - 1)} hasNext={pager.page < pager.pages} onNext={() => pager.go(pager.page + 1)} label={`Page ${pager.page} of ${pager.pages}`} />
      )}
    </>
  );
}
