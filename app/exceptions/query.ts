// The Exceptions page's URL (filters and page) and its form intents, parsed with zod. Shared by
// the page's loader and action and the CSV export, so both read the same filter.
import { z } from "zod";
import type { ExceptionFilter } from "../sync/admin.server";

export const EXCEPTIONS_PAGE_SIZE = 50;

const Search = z.object({
  status: z.enum(["open", "resolved", "all"]).catch("open"),
  class: z.string().max(64).optional().catch(undefined),
  sku: z.string().max(200).optional().catch(undefined),
  owner: z.string().max(200).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  id: z.string().min(1).max(64).optional().catch(undefined),
});

export interface ExceptionsQuery {
  filter: ExceptionFilter;
  page: number;
  selected: string | null;
}

/** Filters from the page's search params (unknown values fall back to the defaults). */
export function parseExceptionsQuery(params: URLSearchParams, defaultStatus: ExceptionFilter["status"] = "open"): ExceptionsQuery {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ""));
  const q = Search.parse({ status: defaultStatus, ...raw });
  return {
    filter: { status: q.status, class: q.class, sku: q.sku, owner: q.owner, overdue: q.overdue === "1" },
    page: q.page,
    selected: q.id ?? null,
  };
}

const id = z.string().min(1).max(64);
const note = z.string().max(2_000).default("");

export const ExceptionIntent = z.discriminatedUnion("action", [
  z.object({ action: z.literal("assign"), id, owner: z.string().trim().min(1, "Owner is required").max(200), note }),
  z.object({ action: z.enum(["retry", "accept_store", "accept_pool", "pause", "resume"]), id, note: z.string().trim().min(1, "A resolution note is required").max(2_000) }),
]);

export type ExceptionIntent = z.infer<typeof ExceptionIntent>;
