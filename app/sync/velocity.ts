// Recent sales velocity of one store for one SKU (docs/sync.md, "Shares"): units sold, fading
// with a 60 s time constant, divided by how long they have been selling (¼ s to 60 s). A burst
// that began a second ago at 100 units/s reads 100/s at once; a steady rate reads itself; a store
// that stopped selling fades to 0 over a few minutes.

export const VELOCITY_TAU_MS = 60_000;
const MIN_AGE_MS = 250;

export interface SalesState {
  salesDecayed: number;
  salesAt: Date | null;
  salesSince: Date | null;
}

function decayed(s: SalesState, now: number): number {
  if (!s.salesAt || s.salesDecayed <= 0) return 0;
  return s.salesDecayed * Math.exp(-Math.max(0, now - s.salesAt.getTime()) / VELOCITY_TAU_MS);
}

/** Records `units` sold at `at` (ms). */
export function recordSale(s: SalesState, units: number, at: number): SalesState {
  const before = decayed(s, at);
  return {
    salesDecayed: before + units,
    salesAt: new Date(Math.max(at, s.salesAt?.getTime() ?? 0)),
    // A new run of sales starts when the previous one has faded below half a unit.
    salesSince: before < 0.5 || !s.salesSince ? new Date(at) : s.salesSince,
  };
}

/** Units per second. */
export function velocity(s: SalesState, now: number): number {
  const c = decayed(s, now);
  if (c <= 0 || !s.salesSince) return 0;
  const age = Math.min(VELOCITY_TAU_MS, Math.max(MIN_AGE_MS, now - s.salesSince.getTime()));
  return c / (age / 1000);
}

/** The store has demand: it sold at least a unit recently (the faded count is still ≥ ½). */
export function hasDemand(s: SalesState, now: number): boolean {
  return decayed(s, now) >= 0.5;
}

export const VELOCITY_IN_WORDS =
  "Recent velocity = units this store sold, fading with a one-minute time constant, divided by how long it has been selling (between a quarter second and a minute).";
