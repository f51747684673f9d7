import type { ResultsFilter } from "./surveys.server";

/** `from`/`to` are calendar days (YYYY-MM-DD, UTC); `to` includes the whole day. */
export function parseFilter(params: URLSearchParams): ResultsFilter & { errors: string[] } {
  const errors: string[] = [];
  const day = (v: string | null, end: boolean) => {
    if (!v) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) {
      errors.push(`“${v}” is not a date (YYYY-MM-DD).`);
      return undefined;
    }
    return new Date(`${v}T${end ? "23:59:59.999" : "00:00:00.000"}Z`);
  };
  const from = day(params.get("from"), false);
  const to = day(params.get("to"), true);
  if (from && to && from > to) errors.push("The start date is after the end date.");
  return { from, to, search: params.get("q")?.slice(0, 200) || undefined, errors };
}
