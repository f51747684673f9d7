// GET /metrics: Prometheus text for a scraper that sends `Authorization: Bearer $METRICS_TOKEN`.
// Without a configured token the endpoint stays closed (401 for everyone).
import { timingSafeEqual } from "node:crypto";
import { collectFromDatabase } from "./collect.server";
import { metrics } from "./metrics.server";

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function metricsResponse(request: Request, env: Record<string, string | undefined> = process.env): Promise<Response> {
  const expected = env.METRICS_TOKEN ?? "";
  const header = request.headers.get("authorization") ?? "";
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? "";
  if (!expected || !given || !tokenMatches(given, expected)) {
    return new Response("Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n", {
      status: 401,
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  await collectFromDatabase();
  const m = metrics();
  return new Response(await m.registry.metrics(), { headers: { "Content-Type": m.registry.contentType, "Cache-Control": "no-store" } });
}
