// Delivery retries: exponential backoff with ±10 % jitter, 11 retries spread over 24 hours, then
// the dead letter. An endpoint is paused after PAUSE_AFTER consecutive failed attempts.
const MIN = 60_000;
export const RETRY_SCHEDULE_MS = [1, 2, 4, 8, 16, 32, 60, 120, 240, 480, 477].map((m) => m * MIN);
export const JITTER = 0.1;
export const PAUSE_AFTER = 10;

/** Delay before retry number `retry` (1-based), or null when the schedule is exhausted (dead letter). */
export function retryDelayMs(retry: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[retry - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
