// POST /api/feeds/{id}: a feed pushed by its source, authenticated by the feed's own secret
// (X-Stockroom-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body), rate limited per feed.
import prisma from "../db.server";
import { limit } from "../security/limiters.server";
import { tooManyRequests } from "../security/rate-limit.server";
import type { FeedDeps } from "./deps";
import { startRun } from "./plan.server";
import { FEED_MAX_BYTES, once, verifyPush } from "./sources.server";

export const PUSH_SIGNATURE_HEADER = "X-Stockroom-Hmac-Sha256";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });

async function readBounded(request: Request, max: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export async function handleFeedPush(deps: FeedDeps, feedId: string, request: Request): Promise<Response> {
  if (request.method !== "POST") return json(405, { error: "method_not_allowed" }, { Allow: "POST" });
  const verdict = await limit("feedPush", feedId);
  if (!verdict.ok) return tooManyRequests(verdict);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > FEED_MAX_BYTES) return json(413, { error: "too_large", maxBytes: FEED_MAX_BYTES });
  const feed = await prisma.feed.findUnique({ where: { id: feedId } });
  const body = await readBounded(request, FEED_MAX_BYTES);
  if (body === null) return json(413, { error: "too_large", maxBytes: FEED_MAX_BYTES });
  // Same answer for an unknown feed and a bad signature: the id alone reveals nothing.
  if (!feed || feed.source !== "push" || !verifyPush(feed.pushSecret, body, request.headers.get(PUSH_SIGNATURE_HEADER))) return json(401, { error: "invalid_signature" });
  if (feed.status !== "active") return json(409, { error: "feed_paused" });
  const run = await startRun(deps, { feed, trigger: "push", body: once(body) });
  return json(run.status === "failed" ? 422 : 202, { runId: run.id, status: run.status, rows: run.rowCount, errors: run.errorCount, ...(run.error ? { error: run.error } : {}) });
}
