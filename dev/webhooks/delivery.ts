import { createHmac, randomUUID } from "node:crypto";
import { createRng, type Rng } from "../store/rng.ts";
import type { Subscription } from "./subscriptions.ts";

/**
 * Webhook delivery as Shopify does it: POST JSON to the subscription's URL with Shopify's
 * headers, HMAC-SHA256 (base64) of the raw body with the app secret, 5 s to answer, retries
 * with backoff on non-2xx / timeout / connection error (Shopify: 8 retries over 4 hours; the
 * schedule scales down for tests), and seeded fault knobs: duplicate, reorder, delay, drop.
 */

/** Shopify retries 8 times over 4 hours; these are the gaps (ms) before retry 1…8. Sum = 4 h. */
export const SHOPIFY_RETRY_SCHEDULE_MS = [60, 120, 300, 600, 1200, 2400, 3600, 6120].map((s) => s * 1000);

export interface WebhookFaults {
  /** probability a delivery is sent twice (same webhook id, same event id, same body) */
  duplicate?: number;
  /** probability a delivery is held back so later deliveries overtake it */
  reorder?: number;
  /** how long a reordered delivery is held (ms) */
  reorderHoldMs?: number;
  /** probability a delivery is delayed */
  delay?: number;
  /** delay range (ms) */
  delayMs?: [number, number];
  /** probability a delivery is silently lost (never sent) */
  drop?: number;
  /** seed for the fault sequence (same seed + same events → same decisions) */
  seed?: number;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
  durationMs: number;
}

export interface Delivery {
  seq: number;
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  subscriptionId: string;
  apiVersion: string;
  triggeredAt: string;
  body: string;
  /** the parsed body (parsed on read; the log keeps only the raw body) */
  readonly payload: unknown;
  headers: Record<string, string>;
  state: "pending" | "delivered" | "failed" | "dropped";
  attempts: DeliveryAttempt[];
  /** fault decisions taken for this delivery, in order */
  faults: string[];
  /** for a duplicate copy: the seq of the original */
  duplicateOf?: number;
}

export interface DispatcherOptions {
  apiSecret: string;
  apiVersion?: string;
  timeoutMs?: number;
  /** gaps before each retry (ms); default Shopify's 4-hour schedule */
  retryScheduleMs?: number[];
  /** multiply every retry gap (e.g. 0.001 in tests) */
  retryScale?: number;
  faults?: WebhookFaults;
  fetch?: typeof fetch;
  /** Subscriptions to deliver for a shop + topic */
  subscriptionsFor: (shop: string, topic: string) => Subscription[];
  /** at most this many requests in flight (default 100); the rest wait their turn */
  maxConcurrency?: number;
  /** keep at most this many finished deliveries in the log (default 100,000; oldest finished go first) */
  logLimit?: number;
  /** Hook on every recorded delivery change (logging) */
  onChange?: (d: Delivery) => void;
}

export interface EmitOptions {
  triggeredAt?: Date;
  eventId?: string;
}

export class WebhookDispatcher {
  readonly log: Delivery[] = [];
  private seq = 0;
  private pending = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();
  private rng: Rng;
  private faults: WebhookFaults;
  private stopped = false;
  private opts: DispatcherOptions;

  constructor(opts: DispatcherOptions) {
    this.opts = opts;
    this.faults = { ...(opts.faults ?? {}) };
    this.rng = createRng(this.faults.seed ?? 1);
  }

  /** Replace the fault knobs (and reseed). */
  setFaults(f: WebhookFaults) {
    this.faults = { ...f };
    this.rng = createRng(f.seed ?? 1);
  }
  getFaults(): WebhookFaults {
    return { ...this.faults };
  }
  setRetrySchedule(ms: number[] | undefined, scale?: number) {
    if (ms) this.opts.retryScheduleMs = ms;
    if (scale != null) this.opts.retryScale = scale;
  }

  /**
   * An event happened in `shop`: deliver `payload` to every subscription for `topic`.
   * Returns the deliveries created (one per subscription; duplicates add more).
   */
  emit(shop: string, topic: string, payload: unknown, o: EmitOptions = {}): Delivery[] {
    const subs = this.opts.subscriptionsFor(shop, topic);
    const eventId = o.eventId ?? randomUUID();
    const triggeredAt = (o.triggeredAt ?? new Date()).toISOString();
    const out: Delivery[] = [];
    for (const sub of subs) {
      const body = JSON.stringify(filterFields(payload, sub.includeFields));
      const webhookId = randomUUID();
      // API-created subscriptions carry the version they were created with; toml ones the app's
      const apiVersion = sub.source === "api" ? sub.apiVersion : (this.opts.apiVersion ?? sub.apiVersion);
      const headers: Record<string, string> = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": signBody(body, this.opts.apiSecret),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-API-Version": apiVersion,
        "X-Shopify-Webhook-Id": webhookId,
        "X-Shopify-Event-Id": eventId,
        "X-Shopify-Triggered-At": triggeredAt,
        "User-Agent": "Shopify-Captain-Hook",
      };
      const d: Delivery = {
        seq: ++this.seq,
        webhookId,
        eventId,
        topic,
        shop,
        url: sub.callbackUrl,
        subscriptionId: sub.id,
        apiVersion,
        triggeredAt,
        body,
        get payload() {
          return JSON.parse(this.body);
        },
        headers,
        state: "pending",
        attempts: [],
        faults: [],
      };
      this.log.push(d);
      out.push(d);
      // Fault decisions: always draw in the same order so the sequence depends only on the seed.
      const f = this.faults;
      const drop = this.rng.chance(f.drop ?? 0);
      const dup = this.rng.chance(f.duplicate ?? 0);
      const reorder = this.rng.chance(f.reorder ?? 0);
      const delay = this.rng.chance(f.delay ?? 0);
      const [dMin, dMax] = f.delayMs ?? [50, 500];
      const delayMs = delay ? this.rng.int(dMin, dMax) : 0;
      if (drop) {
        d.faults.push("drop");
        d.state = "dropped";
        this.opts.onChange?.(d);
        continue;
      }
      let wait = 0;
      if (delay) {
        d.faults.push(`delay:${delayMs}`);
        wait += delayMs;
      }
      if (reorder) {
        const hold = f.reorderHoldMs ?? 200;
        d.faults.push(`reorder:${hold}`);
        wait += hold;
      }
      this.schedule(d, wait);
      if (dup) {
        d.faults.push("duplicate");
        const copy = copyOf(d, ++this.seq, ["duplicate-copy"]);
        this.log.push(copy);
        out.push(copy);
        this.schedule(copy, wait + 1);
      }
    }
    return out;
  }

  private schedule(d: Delivery, waitMs: number) {
    const p = new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.attempt(d).finally(resolve);
      }, waitMs);
      this.timers.add(t);
    });
    this.track(p);
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    p.finally(() => this.pending.delete(p));
  }

  private inFlight = 0;
  private waiting: (() => void)[] = [];

  private async slot(): Promise<void> {
    if (this.inFlight < (this.opts.maxConcurrency ?? 100)) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((ok) => this.waiting.push(ok));
    this.inFlight++;
  }

  private release() {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private trimLog() {
    const limit = this.opts.logLimit ?? 100_000;
    if (this.log.length <= limit) return;
    let excess = this.log.length - limit;
    for (let i = 0; i < this.log.length && excess > 0; ) {
      if (this.log[i].state !== "pending") {
        this.log.splice(i, 1);
        excess--;
      } else i++;
    }
  }

  private async attempt(d: Delivery): Promise<void> {
    if (this.stopped) return;
    await this.slot();
    try {
      await this.attemptNow(d);
    } finally {
      this.release();
    }
  }

  private async attemptNow(d: Delivery): Promise<void> {
    if (this.stopped) return;
    const started = Date.now();
    const f = this.opts.fetch ?? fetch;
    const attempt: DeliveryAttempt = { at: new Date(started).toISOString(), durationMs: 0 };
    try {
      const res = await f(d.url, {
        method: "POST",
        headers: d.headers,
        body: d.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        redirect: "manual",
      });
      attempt.status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      const err = e as Error;
      attempt.error = err.name === "TimeoutError" ? "timeout" : err.message;
    }
    attempt.durationMs = Date.now() - started;
    d.attempts.push(attempt);
    const ok = attempt.status != null && attempt.status >= 200 && attempt.status < 300;
    if (ok) {
      d.state = "delivered";
    } else {
      const schedule = this.opts.retryScheduleMs ?? SHOPIFY_RETRY_SCHEDULE_MS;
      const retryIndex = d.attempts.length - 1;
      if (retryIndex < schedule.length && !this.stopped) {
        this.opts.onChange?.(d);
        this.schedule(d, Math.round(schedule[retryIndex] * (this.opts.retryScale ?? 1)));
        return;
      }
      d.state = "failed";
    }
    this.opts.onChange?.(d);
    this.trimLog();
  }

  /** Resolves when no delivery (or retry) is pending. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size) {
      if (Date.now() > deadline) throw new Error(`webhook deliveries still pending after ${timeoutMs} ms`);
      await Promise.race([Promise.all([...this.pending]), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  /** Redeliver a logged delivery as-is (same ids, same body), like Shopify's manual resend. */
  redeliver(seq: number): Delivery | undefined {
    const orig = this.log.find((d) => d.seq === seq);
    if (!orig) return undefined;
    const copy = copyOf(orig, ++this.seq, ["redelivery"]);
    this.log.push(copy);
    this.schedule(copy, 0);
    return copy;
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function copyOf(d: Delivery, seq: number, faults: string[]): Delivery {
  const { payload: _p, ...rest } = d;
  return Object.defineProperty({ ...rest, seq, attempts: [], faults, duplicateOf: d.seq, state: "pending" }, "payload", {
    get(this: Delivery) {
      return JSON.parse(this.body);
    },
    enumerable: true,
  }) as unknown as Delivery;
}

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

function filterFields(payload: unknown, fields?: string[]): unknown {
  if (!fields?.length || !payload || typeof payload !== "object") return payload;
  const src = payload as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in src) out[f] = src[f];
  return out;
}
