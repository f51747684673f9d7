// The app's named limiters, one budget per public entry point. Routes key them by shop plus
// buyer (checkout token `sub`/`jti`, or the client address for the app proxy).
import prisma from "../db.server";
import { databaseUrl, isPostgresUrl } from "../db-url";
import { createLimiter, tooManyRequests, type LimitRule, type Limiter, type LimiterStore } from "./rate-limit.server";

export const LIMIT_RULES = {
  /** Storefront widget polling through the app proxy (a visible tab polls every few seconds). */
  proxy: { points: 120, durationSec: 60 },
  /** Checkout extension calls (stock notes, survey) per buyer. */
  checkout: { points: 60, durationSec: 60 },
  /** Checkout extension calls per client address: caps a script that mints fresh tokens (new `jti`s). */
  checkoutAddress: { points: 300, durationSec: 60 },
  /** Form posts shoppers make (back-in-stock sign-up and the like), per address. */
  signup: { points: 10, durationSec: 600 },
  /** Back-in-stock alert mails per shop (a runaway restock loop cannot flood inboxes). */
  restockMail: { points: 2000, durationSec: 3600 },
  /** Signed feed pushes per feed. */
  feedPush: { points: 60, durationSec: 60 },
} satisfies Record<string, LimitRule>;

export type LimiterName = keyof typeof LIMIT_RULES;

const store: LimiterStore = isPostgresUrl(databaseUrl()) ? { kind: "prisma", prisma } : { kind: "memory" };
const limiters = new Map<LimiterName, Limiter>();

export function limiter(name: LimiterName): Limiter {
  let l = limiters.get(name);
  if (!l) limiters.set(name, (l = createLimiter(name, LIMIT_RULES[name], store)));
  return l;
}

export function limit(name: LimiterName, key: string) {
  return limiter(name).consume(key);
}

/** Consumes one point of `name` for `key`; a 429 response (Retry-After, logged) when over budget, else null. */
export async function refuseOverLimit(name: LimiterName, key: string): Promise<Response | null> {
  const verdict = await limit(name, key);
  return verdict.ok ? null : tooManyRequests(verdict);
}
