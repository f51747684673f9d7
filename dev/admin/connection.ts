import { GraphQLError } from "graphql";

export const MAX_PAGE_SIZE = 250;
const VIEW = Symbol.for("stockroom.standin.view");

/** Mark a plain object as a "view": its own properties answer GraphQL fields directly. */
export function view<T extends object>(o: T): T {
  Object.defineProperty(o, VIEW, { value: true, enumerable: false });
  return o;
}
export function isView(o: unknown): boolean {
  return typeof o === "object" && o !== null && (o as Record<symbol, unknown>)[VIEW] === true;
}

export interface ConnArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface ConnectionValue<T> {
  __connection: true;
  items: T[];
  /** cursor of the i-th item (computed on demand) */
  cursorAt: (i: number) => string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export function encodeCursor(id: number, value?: unknown): string {
  return Buffer.from(JSON.stringify(value === undefined ? { last_id: id } : { last_id: id, last_value: value })).toString("base64");
}

export function decodeCursor(c: string, argName: string): { last_id: number } {
  try {
    const j = JSON.parse(Buffer.from(c, "base64").toString("utf8"));
    if (typeof j?.last_id === "number") return j;
  } catch {
    /* fall through */
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST", argumentName: argName } });
}

export function checkPageArgs(args: ConnArgs, bulk: boolean): void {
  if (bulk) return;
  if (args.first == null && args.last == null) throw new GraphQLError("you must provide one of first or last");
  if (args.first != null && args.last != null) throw new GraphQLError("providing both first and last is not supported");
  for (const k of ["first", "last"] as const) {
    const v = args[k];
    if (v != null && (v < 0 || v > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The argument '${k}' must be between 0 and ${MAX_PAGE_SIZE} (got ${v}).`, { extensions: { code: "BAD_REQUEST", argumentName: k } });
    }
  }
}

/**
 * Relay pagination over `items` (already filtered and in final order). `idOf` gives the numeric
 * id stored in the cursor; when `sortedAscById` is true the cursor position is found by binary
 * search, otherwise by scanning. `sortValueOf` adds the sort value to the cursor (Shopify's cursors
 * carry `last_id` and `last_value`).
 */
export function paginate<T>(
  items: T[],
  args: ConnArgs,
  idOf: (t: T) => number,
  opts: { sortedAscById?: boolean; sortValueOf?: (t: T) => unknown; bulk?: boolean; bulkWindow?: { start: number; size: number } | null } = {},
): ConnectionValue<T> {
  checkPageArgs(args, !!opts.bulk);
  const indexOf = (cursor: string, arg: string): number => {
    const { last_id } = decodeCursor(cursor, arg);
    if (opts.sortedAscById) {
      let lo = 0,
        hi = items.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = idOf(items[mid]);
        if (v === last_id) return mid;
        if (v < last_id) lo = mid + 1;
        else hi = mid - 1;
      }
      // id no longer present: position between neighbours
      return arg === "after" ? lo - 1 : lo;
    }
    const i = items.findIndex((t) => idOf(t) === last_id);
    if (i < 0) throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST", argumentName: arg } });
    return i;
  };
  let start = 0;
  let end = items.length; // exclusive
  if (args.after) start = indexOf(args.after, "after") + 1;
  if (args.before) end = Math.min(end, indexOf(args.before, "before"));
  if (end < start) end = start;
  if (opts.bulk) {
    if (opts.bulkWindow) {
      start = Math.min(items.length, opts.bulkWindow.start);
      end = Math.min(items.length, start + opts.bulkWindow.size);
    }
  } else if (args.first != null) end = Math.min(end, start + args.first);
  else if (args.last != null) start = Math.max(start, end - args.last);
  const page = items.slice(start, end);
  const sv = opts.sortValueOf;
  const cursorAt = (i: number) => encodeCursor(idOf(page[i]), sv ? sv(page[i]) : undefined);
  return { __connection: true, items: page, cursorAt, hasNextPage: end < items.length, hasPreviousPage: start > 0 };
}

export function isConnectionValue(v: unknown): v is ConnectionValue<unknown> {
  return typeof v === "object" && v !== null && (v as { __connection?: boolean }).__connection === true;
}
