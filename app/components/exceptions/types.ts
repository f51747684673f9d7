// What the Exceptions pages receive from their loaders (dates as ISO strings after JSON).
export interface ExceptionRow {
  id: string;
  title: string;
  class: string;
  status: string;
  overdue: boolean;
  sku: string | null;
  product: string | null;
  location: string | null;
  owner: string | null;
  slaDueAt: string;
  createdAt: string;
}

export interface ExceptionsListData {
  rows: ExceptionRow[];
  total: number;
  page: number;
  pages: number;
  counts: Record<string, { open: number; resolved: number }>;
  overdue: number;
  filter: { status?: "open" | "resolved" | "all"; class?: string; sku?: string; owner?: string; overdue?: boolean };
  classes: string[];
  /** Whether the shop has any exception at all (decides between "nothing yet" and "nothing matches"). */
  anyAtAll: boolean;
}

export type ActionResult = { ok: true; message: string } | { ok: false; error: string };

export const classLabel = (c: string) => c.replaceAll("_", " ").replace(/^./, (x) => x.toUpperCase());
