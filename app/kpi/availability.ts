// How a checkout's stock notes are summed up for the NPS-by-availability split. Pure.
const RANK: Record<string, number> = { ok: 0, untracked: 0, low: 1, short: 2, sold_out: 2 };

/** The worst line of a checkout: "short" (includes sold out), "low" or "ok". */
export function worstOf(statuses: string[]): "ok" | "low" | "short" {
  const r = Math.max(0, ...statuses.map((s) => RANK[s] ?? 0));
  return r === 2 ? "short" : r === 1 ? "low" : "ok";
}
