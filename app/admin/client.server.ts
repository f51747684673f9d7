import { ClientError, GraphQLClient } from "graphql-request";
import { adminCallObserver, type AdminCall, type AdminCallObserver } from "../observability/admin-calls.server";
import { backoffDelayMs } from "../queue/backoff";
import { resolveShopifyUrl, seamFetch } from "../standin-seam.server";
import { operationInfo } from "./operation";
import { CostBucket, type ThrottleStatus } from "./throttle";

export const ADMIN_API_VERSION = "2026-10";

export interface AccessToken {
  token: string;
  /** When the token stops working (expiring offline tokens); null if it does not expire. */
  expiresAt: Date | null;
}

export interface AdminClientOptions {
  shop: string;
  /** Returns a valid token; called again after a 401 with `{ forceRefresh: true }`. */
  getToken: (opts?: { forceRefresh?: boolean }) => Promise<AccessToken>;
  fetch?: typeof fetch;
  /** Overrides the endpoint (tests against a local server). Default: the shop's Admin API, through the seam. */
  endpoint?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Cost assumed for a document never sent before (Shopify's requestedQueryCost is learnt after). */
  defaultCost?: number;
  /** Metrics, KPI facts and trace spans of each request (default: app/observability). */
  observer?: AdminCallObserver;
}

export class AdminApiError extends Error {
  override name = "AdminApiError";
  constructor(
    message: string,
    readonly kind: "graphql" | "http" | "network" | "throttled" | "auth",
    readonly details: { status?: number; errors?: unknown; retryable: boolean },
  ) {
    super(message);
  }
}

export interface AdminResponse<T> {
  data: T;
  cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus };
}

interface ShopifyErrorLike {
  message: string;
  extensions?: { code?: string };
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The one Admin API client for work outside a request (sync, reconciliation, imports).
 * It paces itself from `extensions.cost.throttleStatus` so the shop's bucket never runs
 * dry, retries THROTTLED (Shopify rejected it before running it: always safe), retries
 * 5xx/timeouts/network errors with backoff, but never resends a mutation whose top-level
 * fields lack `@idempotent(key:)` after an ambiguous failure (it may have been applied).
 */
export class AdminClient {
  readonly shop: string;
  private readonly client: GraphQLClient;
  private readonly bucket: CostBucket;
  private readonly learntCost = new Map<string, number>();
  private readonly opts: Required<Pick<AdminClientOptions, "timeoutMs" | "maxAttempts" | "defaultCost">> & AdminClientOptions;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: AdminClientOptions) {
    this.opts = { timeoutMs: 10_000, maxAttempts: 6, defaultCost: 50, ...options };
    this.shop = options.shop;
    this.sleep = options.sleep ?? sleepReal;
    this.bucket = new CostBucket(options.now);
    const endpoint = options.endpoint ?? resolveShopifyUrl(`https://${options.shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`);
    this.client = new GraphQLClient(endpoint, { fetch: options.fetch ?? seamFetch(globalThis.fetch), errorPolicy: "all" });
  }

  /** Points of the shop's bucket this client believes are available now. */
  availablePoints(): number {
    return this.bucket.available();
  }

  async request<T = any, V extends Record<string, unknown> = Record<string, unknown>>(
    document: string,
    variables?: V,
    { cost }: { cost?: number } = {},
  ): Promise<AdminResponse<T>> {
    const op = operationInfo(document);
    const estimate = cost ?? this.learntCost.get(document) ?? this.opts.defaultCost;
    const call = (this.opts.observer ?? adminCallObserver).begin(this.shop, op.name);
    try {
      const data = await this.attempts<T>(document, variables, estimate, op, call);
      call.end("ok");
      return data;
    } catch (error) {
      call.end(error instanceof AdminApiError ? error.kind : "error");
      throw error;
    }
  }

  private async attempts<T>(document: string, variables: Record<string, unknown> | undefined, estimate: number, op: ReturnType<typeof operationInfo>, call: AdminCall): Promise<AdminResponse<T>> {
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      // Check again after every sleep: requests that woke first may have spent what this one
      // waited for. The last check and the reservation run without an await in between.
      for (let wait = this.bucket.waitMs(estimate); wait > 0; wait = this.bucket.waitMs(estimate)) {
        call.waited(wait);
        await this.sleep(wait);
      }
      const release = this.bucket.reserve(estimate);
      let outcome: Outcome<T>;
      try {
        const { token } = await this.opts.getToken({ forceRefresh });
        forceRefresh = false;
        outcome = await this.send<T>(document, variables, token);
      } finally {
        release();
      }
      call.attempt(outcome.kind === "ok" ? "ok" : outcome.error.kind, outcome.cost?.actualQueryCost);
      if (outcome.cost) {
        this.bucket.observe(outcome.cost.throttleStatus);
        this.learntCost.set(document, outcome.cost.requestedQueryCost);
      }
      if (outcome.kind === "ok") return { data: outcome.data, cost: outcome.cost };

      const canResend = outcome.error.kind === "throttled" || outcome.error.kind === "auth" || !op.isMutation || op.idempotent;
      if (!outcome.error.details.retryable || !canResend || attempt >= this.opts.maxAttempts) throw outcome.error;
      if (outcome.error.kind === "auth") {
        forceRefresh = true;
        continue;
      }
      if (outcome.error.kind === "throttled") {
        // Wait until the bucket has restored enough for the requested cost.
        const requested = outcome.cost?.requestedQueryCost ?? estimate;
        const throttled = Math.max(this.bucket.waitMs(requested), 100);
        call.waited(throttled);
        await this.sleep(throttled);
        continue;
      }
      await this.sleep(backoffDelayMs(attempt, { baseMs: 250, maxMs: 10_000, ...this.opts.backoff }));
    }
  }

  private async send<T>(document: string, variables: Record<string, unknown> | undefined, token: string): Promise<Outcome<T>> {
    let res;
    try {
      res = await this.client.rawRequest<T>({
        query: document,
        variables: variables as never,
        requestHeaders: { "X-Shopify-Access-Token": token },
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      } as never);
    } catch (error) {
      return { kind: "error", error: classifyTransportError(error) };
    }
    const cost = (res.extensions as { cost?: AdminResponse<T>["cost"] } | undefined)?.cost;
    const errors = res.errors as ShopifyErrorLike[] | undefined;
    if (errors?.length) {
      const throttled = errors.some((e) => e.extensions?.code === "THROTTLED");
      const message = errors.map((e) => e.message).join("; ");
      if (throttled) return { kind: "error", cost, error: new AdminApiError(message, "throttled", { errors, retryable: true }) };
      const internal = errors.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR");
      return { kind: "error", cost, error: new AdminApiError(message, "graphql", { errors, retryable: internal }) };
    }
    return { kind: "ok", data: res.data as T, cost };
  }
}

type Outcome<T> =
  | { kind: "ok"; data: T; cost?: AdminResponse<T>["cost"] }
  | { kind: "error"; error: AdminApiError; cost?: AdminResponse<T>["cost"] };

function classifyTransportError(error: unknown): AdminApiError {
  if (error instanceof ClientError) {
    const status = error.response.status;
    if (status === 401) return new AdminApiError("Admin API rejected the access token", "auth", { status, retryable: true });
    if (status === 429) return new AdminApiError("Admin API rate limited the request", "throttled", { status, retryable: true });
    const retryable = status >= 500;
    return new AdminApiError(`Admin API answered HTTP ${status}`, "http", { status, retryable, errors: error.response.errors });
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new AdminApiError(`Admin API request failed: ${message}`, "network", { retryable: true });
}
