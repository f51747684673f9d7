// Streaming feed parser: csv-parse for CSV (any delimiter, BOM, quoted fields, constant memory),
// JSON arrays (bounded by the fetch's size limit) — rows mapped to SKU / barcode, quantity and
// location, with the line number and reason of every row that cannot be used. The content's
// SHA-256 is computed while streaming (the run's checkpoint).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import type { FeedMapping } from "./config";

export interface FeedRow {
  line: number;
  key: string;
  quantity: number;
  location?: string;
}

export interface FeedRowError {
  line: number;
  reason: string;
}

export type ParsedRow = ({ ok: true } & FeedRow) | ({ ok: false } & FeedRowError);

export class FeedParseError extends Error {
  override name = "FeedParseError";
}

export interface ParseOptions {
  format: "csv" | "json";
  mapping: FeedMapping;
}

/** The content's digest, complete once the rows have all been read. */
export interface Digest {
  hash: () => string;
  bytes: () => number;
}

const DELIMITERS = [",", ";", "\t", "|"];

export function detectDelimiter(headerLine: string): string {
  let best = ",";
  let count = 0;
  for (const d of DELIMITERS) {
    const n = headerLine.split(d).length - 1;
    if (n > count) [best, count] = [d, n];
  }
  return best;
}

async function* digesting(source: AsyncIterable<Uint8Array | string>, h: ReturnType<typeof createHash>, size: { n: number }) {
  for await (const chunk of source) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    h.update(buf);
    size.n += buf.length;
    yield buf;
  }
}

function quantityOf(raw: unknown): number | string {
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (text === "") return "quantity is empty";
  if (!/^[+-]?\d+(\.0+)?$/.test(text)) return `quantity "${text.slice(0, 40)}" is not a whole number`;
  const n = Number.parseInt(text, 10);
  return Number.isSafeInteger(n) ? n : `quantity "${text.slice(0, 40)}" is out of range`;
}

function mapRecord(record: Record<string, unknown>, line: number, m: FeedMapping): ParsedRow {
  const get = (column: string | undefined) => (column ? record[column.toLowerCase()] : undefined);
  const keyColumn = m.sku ?? m.barcode!;
  const key = get(keyColumn);
  const keyText = typeof key === "number" ? String(key) : typeof key === "string" ? key.trim() : "";
  if (!keyText) return { ok: false, line, reason: `${m.sku ? "SKU" : "barcode"} (column "${keyColumn}") is empty` };
  const q = quantityOf(get(m.quantity));
  if (typeof q === "string") return { ok: false, line, reason: q };
  const location = get(m.location);
  return { ok: true, line, key: keyText, quantity: q, ...(location !== undefined && String(location).trim() ? { location: String(location).trim() } : {}) };
}

/**
 * Rows of a feed body. Throws FeedParseError when the body cannot be read as a whole (a CSV
 * whose header lacks the mapped columns, JSON that does not parse); a body whose transfer
 * breaks off rejects with the stream's own error. Either way the caller applies nothing.
 */
export function parseFeed(body: AsyncIterable<Uint8Array | string>, opts: ParseOptions): { rows: AsyncGenerator<ParsedRow>; digest: Digest } {
  const h = createHash("sha256");
  const size = { n: 0 };
  let digestValue: string | null = null;
  const digest: Digest = { hash: () => (digestValue ??= h.digest("hex")), bytes: () => size.n };
  const source = digesting(body, h, size);
  return { rows: opts.format === "json" ? jsonRows(source, opts.mapping) : csvRows(source, opts.mapping), digest };
}

async function* csvRows(source: AsyncGenerator<Buffer>, m: FeedMapping): AsyncGenerator<ParsedRow> {
  const first = await source.next();
  if (first.done) throw new FeedParseError("The feed is empty");
  const head = first.value.subarray(0, 64 * 1024).toString("utf8").replace(/^\uFEFF/, "");
  const delimiter = m.delimiter ?? detectDelimiter(head.split(/\r?\n/, 1)[0]);
  const skipped: FeedRowError[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    columns: (header: string[]) => header.map((c) => c.trim().toLowerCase()),
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) skipped.push({ line: (error as { lines?: number }).lines ?? 0, reason: error.message });
    },
  });
  async function* all() {
    yield first.value!;
    yield* source;
  }
  Readable.from(all()).on("error", (e) => parser.destroy(e)).pipe(parser);
  let checked = false;
  for await (const entry of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    while (skipped.length) yield { ok: false, ...skipped.shift()! };
    if (!checked) {
      checked = true;
      const columns = Object.keys(entry.record);
      for (const col of [m.sku ?? m.barcode!, m.quantity]) {
        if (!columns.includes(col.toLowerCase())) throw new FeedParseError(`The header has no column "${col}" (it has: ${columns.join(", ").slice(0, 200)})`);
      }
    }
    yield mapRecord(entry.record, entry.info.lines, m);
  }
  while (skipped.length) yield { ok: false, ...skipped.shift()! };
}

async function* jsonRows(source: AsyncGenerator<Buffer>, m: FeedMapping): AsyncGenerator<ParsedRow> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk);
  const text = Buffer.concat(parts).toString("utf8").replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`The feed is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(data) ? data : Array.isArray((data as { items?: unknown })?.items) ? (data as { items: unknown[] }).items : null;
  if (!list) throw new FeedParseError("A JSON feed is an array of objects (or { items: [...] })");
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!item || typeof item !== "object") {
      yield { ok: false, line: i + 1, reason: "entry is not an object" };
      continue;
    }
    const lower = Object.fromEntries(Object.entries(item as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    yield mapRecord(lower, i + 1, m);
  }
}

/** The first rows and the header, for the mapping preview (uploads and fetched samples). */
export async function previewFeed(text: string, format: "csv" | "json", delimiter?: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  if (format === "json") {
    try {
      const data = JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
      const list = (Array.isArray(data) ? data : ((data as { items?: unknown[] })?.items ?? [])).slice(0, 5) as Record<string, unknown>[];
      return { columns: [...new Set(list.flatMap((r) => Object.keys(r ?? {})))], rows: list };
    } catch {
      return { columns: [], rows: [] };
    }
  }
  const clean = text.replace(/^\uFEFF/, "");
  const d = delimiter ?? detectDelimiter(clean.split(/\r?\n/, 1)[0]);
  const lines = clean.split(/\r?\n/).slice(0, 6).join("\n");
  const parser = parse(lines, { delimiter: d, columns: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true, skip_records_with_error: true });
  const rows: Record<string, unknown>[] = [];
  for await (const r of parser) rows.push(r as Record<string, unknown>);
  return { columns: rows.length ? Object.keys(rows[0]) : clean.split(/\r?\n/, 1)[0].split(d).map((c) => c.trim()), rows };
}
