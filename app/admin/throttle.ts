/** Shopify's `extensions.cost.throttleStatus` for GraphQL Admin requests. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Client-side model of the shop's leaky bucket: what Shopify last reported, restored at
 * `restoreRate` points per second since, minus what requests in flight have reserved.
 * Callers wait for `waitMs(cost)` before sending so the bucket never runs dry.
 */
export class CostBucket {
  private status: ThrottleStatus | null = null;
  private observedAt = 0;
  private reserved = 0;

  constructor(private readonly now: () => number = Date.now) {}

  available(): number {
    if (!this.status) return Number.POSITIVE_INFINITY;
    const elapsed = (this.now() - this.observedAt) / 1000;
    const restored = this.status.currentlyAvailable + elapsed * this.status.restoreRate;
    return Math.min(this.status.maximumAvailable, restored) - this.reserved;
  }

  /** How long to wait before a request of this cost can be paid; 0 when it can go now. */
  waitMs(cost: number): number {
    if (!this.status) return 0;
    const payable = Math.min(cost, this.status.maximumAvailable);
    const missing = payable - this.available();
    return missing <= 0 ? 0 : Math.ceil((missing / this.status.restoreRate) * 1000);
  }

  reserve(cost: number): () => void {
    this.reserved += cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= cost;
    };
  }

  observe(status: ThrottleStatus): void {
    this.status = { ...status };
    this.observedAt = this.now();
  }

  get restoreRate(): number | null {
    return this.status?.restoreRate ?? null;
  }
}
