// Rate limits for the entry points shoppers (or anyone on the internet) can reach: the app
// proxy, the checkout extension APIs, sign-up forms, feed pushes. Counters live in memory on the
// SQLite default (one web process) and in the database on PostgreSQL, so several web processes
// share one budget; keys that are already over their budget are refused from memory without a
// database round trip.
import type { PrismaClient } from "@prisma/client";
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { log } from "../log.server";

export interface LimitRule {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSec: number;
}

export type LimitVerdict = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };

export interface Limiter {
  readonly name: string;
  consume(key: string, points?: number): Promise<LimitVerdict>;
}

export type LimiterStore = { kind: "memory" } | { kind: "prisma"; prisma: PrismaClient };

export function createLimiter(name: string, rule: LimitRule, store: LimiterStore = { kind: "memory" }): Limiter {
  const base = { keyPrefix: `rl:${name}`, points: rule.points, duration: rule.durationSec };
  const memory = new RateLimiterMemory(base);
  const backend: RateLimiterAbstract =
    store.kind === "memory"
      ? memory
      : new RateLimiterPrisma({
          ...base,
          storeClient: store.prisma,
          tableName: "rateLimit",
          inMemoryBlockOnConsumed: rule.points,
          inMemoryBlockDuration: rule.durationSec,
          // The database unreachable must not open the floodgates: count in memory meanwhile.
          insuranceLimiter: memory,
        });
  return {
    name,
    async consume(key, points = 1) {
      try {
        const res = await backend.consume(key, points);
        return { ok: true, remaining: res.remainingPoints };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        // Log the first refusal of a window only, so a flood does not flood the logs too.
        if (rejection.consumedPoints === rule.points + points) log("warn", "rate limited", { limiter: name, key });
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}

/** 429 with Retry-After, as JSON (every public endpoint of the app answers JSON). */
export function tooManyRequests(verdict: { retryAfterSec: number }, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: "rate_limited", retryAfter: verdict.retryAfterSec }), {
    status: 429,
    headers: {
      ...headers,
      "Content-Type": "application/json; charset=utf-8",
      "Retry-After": String(verdict.retryAfterSec),
      "Cache-Control": "no-store",
    },
  });
}

/** The client's address as the app proxy / load balancer reports it (first hop), else unknown. */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0].trim();
  return request.headers.get("x-real-ip") ?? "unknown";
}
