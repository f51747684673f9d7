/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so
 * retries of many jobs that failed together spread out instead of stampeding.
 */
export function backoffDelayMs(
  attempt: number,
  { baseMs = 1_000, maxMs = 15 * 60_000, random = Math.random }: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
