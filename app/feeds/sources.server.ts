// Where a run's content comes from: a polled URL (ETag / If-Modified-Since, through safeFetch:
// address rule after DNS and on every redirect, size and time limits), an upload, or a signed
// push to POST /api/feeds/{id}.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Feed, FeedRun } from "@prisma/client";
import prisma from "../db.server";
import { safeFetch } from "../security/safe-fetch.server";
import type { FeedDeps } from "./deps";
import { startRun } from "./plan.server";

/** Feeds up to 100 MB; the whole exchange (body included) within 5 minutes. */
export const FEED_MAX_BYTES = 100 * 1024 * 1024;
export const FEED_TIMEOUT_MS = 5 * 60_000;

export type PollResult = { kind: "not_modified" } | { kind: "error"; error: string } | { kind: "run"; run: FeedRun };

export async function pollFeed(deps: FeedDeps, feed: Feed): Promise<PollResult> {
  if (!feed.url) return { kind: "error", error: "The feed has no URL" };
  const headers: Record<string, string> = { accept: feed.format === "json" ? "application/json" : "text/csv, text/plain, */*", "user-agent": "Stockroom feeds" };
  if (feed.etag) headers["if-none-match"] = feed.etag;
  if (feed.lastModified) headers["if-modified-since"] = feed.lastModified;
  let response: Response;
  try {
    response = await safeFetch(feed.url, { headers }, { maxBytes: FEED_MAX_BYTES, timeoutMs: FEED_TIMEOUT_MS, ...deps.outbound() });
  } catch (error) {
    return failed(feed, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  if (response.status === 304) {
    await prisma.feed.update({ where: { id: feed.id }, data: { lastFetchedAt: new Date(), lastError: null } });
    return { kind: "not_modified" };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return failed(feed, `The feed URL answered HTTP ${response.status}`);
  }
  const etag = response.headers.get("etag");
  const lastModified = response.headers.get("last-modified");
  const run = await startRun(deps, { feed, trigger: "poll", body: response.body as unknown as AsyncIterable<Uint8Array>, etag });
  if (run.status !== "failed") await prisma.feed.update({ where: { id: feed.id }, data: { etag, lastModified } });
  return { kind: "run", run };
}

async function failed(feed: Feed, error: string): Promise<PollResult> {
  await prisma.feed.update({ where: { id: feed.id }, data: { lastFetchedAt: new Date(), lastError: error.slice(0, 500) } });
  return { kind: "error", error };
}

/** `X-Stockroom-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the feed's push secret. */
export function signPush(secret: string, body: Buffer | string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function verifyPush(secret: string, body: Buffer, signature: string | null): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signPush(secret, body));
  const given = Buffer.from(signature.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function* once(body: Buffer | string): AsyncGenerator<Buffer> {
  yield Buffer.isBuffer(body) ? body : Buffer.from(body);
}
