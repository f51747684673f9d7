// What each member should show (the "decide targets" step of the per-SKU job), as pure
// functions: mirror targets, allocation shares and when to rebalance. docs/sync.md.

export type Protection = "off" | "automatic" | "guaranteed";

export const PROTECTIONS: Protection[] = ["off", "automatic", "guaranteed"];

export function asProtection(v: string | null | undefined): Protection {
  return v === "off" || v === "guaranteed" ? v : "automatic";
}

/** Propagation p99 assumed until the group has measured its own. */
export const DEFAULT_PROPAGATION_P99_MS = 2_000;

/**
 * Automatic's threshold in units: the merchant's number, or what every store together could sell
 * in two propagation delays (velocity × p99 × 2), below which mirroring could sell a unit twice.
 * null: not measured — no store has sold the SKU in this group yet, so its velocity is unknown, not
 * zero, and Automatic allocates (a flash sale on a SKU nobody has bought is the case mirroring
 * cannot survive: every store sells the same units before the first change reaches the others).
 */
export function automaticThreshold(allocateBelow: number | null, velocities: number[], p99Ms: number, measured: boolean): number | null {
  if (allocateBelow !== null && allocateBelow !== undefined) return Math.max(0, allocateBelow);
  if (!measured) return null;
  const total = velocities.reduce((a, v) => a + v, 0);
  return Math.ceil(total * (p99Ms / 1000) * 2);
}

/** How the decide step gets Automatic's threshold (production: automaticThreshold). */
export type ThresholdPolicy = typeof automaticThreshold;

export const THRESHOLD_IN_WORDS =
  "Automatic allocates when the pool (minus buffers) is at or below the threshold, and mirrors again above twice the threshold. Measured threshold = all stores' recent velocity × propagation p99 × 2: what the stores together could sell before a change reaches the others, with a margin. Until a store has sold the SKU in this group its velocity is unknown, so Automatic allocates it.";

/** Automatic: the phase after this change (hysteresis: enter at ≤ θ, leave above 2θ; θ unknown: allocate). */
export function nextPhase(protection: Protection, allocating: boolean, available: number, threshold: number | null): boolean {
  if (protection === "guaranteed") return true;
  if (protection === "off") return false;
  if (threshold === null) return true;
  if (threshold <= 0) return false;
  return allocating ? available <= 2 * threshold : available <= threshold;
}

export function mirrorTargets(pool: number, buffers: number[]): number[] {
  return buffers.map((b) => Math.max(0, pool - b));
}

/**
 * Splits `total` units over the stores: first one unit to every store while units last — stores
 * with demand first, fastest first — so no store is left unable to sell; then the rest in
 * proportion to velocity plus a base share (a tenth of the mean velocity). Largest remainder,
 * ties to the earlier store. Σ result = max(0, total).
 */
export function allocationShares(total: number, velocities: number[], demand: boolean[]): number[] {
  const n = velocities.length;
  const out = new Array<number>(n).fill(0);
  if (total <= 0 || n === 0) return out;
  const order = [...velocities.keys()].sort((a, b) => Number(demand[b]) - Number(demand[a]) || velocities[b] - velocities[a] || a - b);
  let left = total;
  for (const i of order) {
    if (left === 0) break;
    out[i] = 1;
    left--;
  }
  if (left === 0) return out;
  const mean = velocities.reduce((a, v) => a + v, 0) / n;
  const w = velocities.map((v) => v + Math.max(0.1 * mean, 1e-9));
  const sumW = w.reduce((a, x) => a + x, 0);
  // What each store still lacks of its proportional share, after the first units.
  const lack = w.map((x, i) => Math.max(0, (total * x) / sumW - out[i]));
  const sumLack = lack.reduce((a, x) => a + x, 0);
  const basis = sumLack > 0 ? lack : w;
  const sumBasis = sumLack > 0 ? sumLack : sumW;
  const exact = basis.map((x) => (left * x) / sumBasis);
  const floors = exact.map(Math.floor);
  let rest = left - floors.reduce((a, x) => a + x, 0);
  const byRemainder = [...exact.keys()].sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
  for (const i of byRemainder) {
    if (rest <= 0) break;
    floors[i]++;
    rest--;
  }
  return out.map((x, i) => x + floors[i]);
}

export interface AllocationInput {
  /** pool − Σ buffers (may be negative) */
  available: number;
  /** what each member shows (lastSeen) */
  shown: number[];
  velocities: number[];
  demand: boolean[];
  /** the item just switched from mirroring to allocation */
  entering: boolean;
  /** a timer run: any shortfall against the shares is worth a rebalance */
  timer: boolean;
}

export interface AllocationDecision {
  shares: number[];
  /** targets to write (equal to shown where nothing moves); null: leave everything as it is */
  targets: number[] | null;
  /** why it rebalances, in words (Activity) */
  why: string | null;
  /** a shortfall is left that a timer run should look at again */
  recheck: boolean;
}

/**
 * Allocation: rebalance to the shares when the allocations do not add up to the pool, when a
 * store with demand is below half its share (sold out while others hold units), on entering
 * allocation, or on a timer run with any shortfall. Otherwise nothing is written: a sale only
 * consumes the selling store's own units.
 */
export function decideAllocation(a: AllocationInput): AllocationDecision {
  const total = Math.max(0, a.available);
  const shares = allocationShares(total, a.velocities, a.demand);
  const held = a.shown.map((x) => Math.max(0, x));
  const sumHeld = held.reduce((x, y) => x + y, 0);
  const unallocated = total - sumHeld;
  const negative = a.shown.some((x) => x < 0);
  const shortfall = held.map((h, i) => shares[i] - h);
  const surplus = held.some((h, i) => h > shares[i]);
  // A store at 0 can never show demand; a selling store below half its share runs dry soon.
  const starved = held.findIndex((h, i) => (h === 0 && shares[i] > 0) || (a.demand[i] && shares[i] > h && h < Math.floor(shares[i] / 2)));
  const move = (why: string): AllocationDecision => ({ shares, targets: shares, why, recheck: false });
  if (a.entering) return move(`switched to allocation: ${total} unit(s) shared out`);
  if (unallocated < 0) return move(`allocations exceeded the pool by ${-unallocated}`);
  if (unallocated > 0) return move(`${unallocated} unallocated unit(s)`);
  if (negative) return move("a store showed less than 0");
  if (starved >= 0 && surplus) return move(held[starved] === 0 ? "a store sold out while others held units" : "a selling store fell below half its share");
  const off = shortfall.some((s) => s > 0) && surplus;
  if (a.timer && off) return move("timer: stock low, shares moved toward the selling stores");
  return { shares, targets: null, why: null, recheck: off && a.demand.some(Boolean) };
}
