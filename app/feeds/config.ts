// Feed configuration shapes, parsed with zod: shared by the server modules and the Feeds page.
import { z } from "zod";

export const FEED_DEFAULTS = { zeroPct: 20, changePct: 50, maxAgeMinutes: 24 * 60, staleBuffer: 2, pollMinutes: 15 } as const;

/** Which column holds what (header names, matched case-insensitively after trimming). */
export const FeedMapping = z
  .object({
    sku: z.string().trim().min(1).optional(),
    barcode: z.string().trim().min(1).optional(),
    quantity: z.string().trim().min(1),
    location: z.string().trim().min(1).optional(),
    /** CSV delimiter; detected from the header line when absent. */
    delimiter: z.string().length(1).optional(),
  })
  .refine((m) => Boolean(m.sku) !== Boolean(m.barcode), { message: "Map exactly one of SKU or barcode" });
export type FeedMapping = z.infer<typeof FeedMapping>;

const pct = z.coerce.number().min(0).max(100);

export const FeedSettings = z
  .object({
    name: z.string().trim().min(1).max(120),
    format: z.enum(["csv", "json"]).default("csv"),
    source: z.enum(["url", "upload", "push"]),
    url: z.string().trim().url().optional(),
    pollMinutes: z.coerce.number().int().min(1).max(24 * 60).default(FEED_DEFAULTS.pollMinutes),
    mode: z.enum(["set", "delta"]).default("set"),
    target: z.enum(["location", "pool"]).default("location"),
    groupId: z.string().min(1).optional(),
    locationId: z.string().min(1).optional(),
    zeroPct: pct.default(FEED_DEFAULTS.zeroPct),
    changePct: pct.default(FEED_DEFAULTS.changePct),
    maxAgeMinutes: z.coerce.number().int().min(1).default(FEED_DEFAULTS.maxAgeMinutes),
    staleBuffer: z.coerce.number().int().min(0).max(1_000_000).default(FEED_DEFAULTS.staleBuffer),
    mapping: FeedMapping,
  })
  .refine((s) => s.source !== "url" || Boolean(s.url), { message: "A polled feed needs its URL", path: ["url"] })
  .refine((s) => (s.target === "pool" ? Boolean(s.groupId) : Boolean(s.locationId)), { message: "Choose the sync group or the location the feed writes to", path: ["target"] });
export type FeedSettings = z.infer<typeof FeedSettings>;

/** The dry run's picture of a run, stored on the run and shown on the page. */
export interface RunSummary {
  rows: number;
  known: number;
  changed: number;
  unchanged: number;
  zeroed: number;
  increases: { sku: string; before: number | null; after: number }[];
  decreases: { sku: string; before: number | null; after: number }[];
  unknown: { sku: string; line: number }[];
  unknownCount: number;
  errors: { line: number; reason: string }[];
  errorCount: number;
  /** Why the circuit breaker held the run (empty when it did not). */
  held: string[];
}

export const RUN_STATUSES = ["parsing", "dry_run", "held", "applying", "applied", "failed", "duplicate", "rejected"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
