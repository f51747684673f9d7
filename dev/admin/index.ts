/**
 * The stand-in's Admin GraphQL API (2026-10): authentication by X-Shopify-Access-Token, Shopify
 * shaped validation errors, calculated query cost with a leaky bucket per (app, shop), THROTTLED
 * and MAX_COST_EXCEEDED, seeded fault knobs, bulk operations with JSONL files.
 *
 *   const api = createAdminApi(store, { publicOrigin: "http://127.0.0.1:4100" });
 *   api.handle(req, res, "north-shop.myshopify.com")     // POST .../admin/api/2026-10/graphql.json
 *   api.bulkFileHandler(req, res)                          // GET  /bulk/<id>.jsonl
 *   await api.execute({ shop, token, body })               // same without HTTP → {status, headers, json}
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import {
  GraphQLError,
  Kind,
  execute as gqlExecute,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLTypeResolver,
  type OperationDefinitionNode,
} from "graphql";
import { gid, shopDomain, type ApiFaults, type BulkOperationRecord, type Store } from "../store/index.ts";
import { adminSchema, API_VERSION } from "./schema.ts";
import { coerceVariables, mapSyntaxError, mapValidationErrors, type ShopifyError } from "./errors.ts";
import { Buckets, MUTATION_COST, SINGLE_QUERY_MAX_COST, actualCostOf, fieldKind, requestedCost, type ThrottleStatus } from "./cost.ts";
import { NotImplemented, ROOT_SCOPES, checkScope, resolvers, type ExecCtx, type ResolverHost } from "./resolvers.ts";
import { mutationResolvers } from "./mutations.ts";
import { publicationMutationResolvers, publicationQueryResolvers, publicationScopes, publicationTypeResolvers } from "./publications.ts";
import { isConnectionValue, isView, type ConnectionValue } from "./connection.ts";
import { checkBulkQuery, flattenBulk } from "./bulk.ts";

export { API_VERSION, adminSchema };
export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
export const THROTTLE_DOCS = "https://shopify.dev/api/usage/limits#rate-limits";

export interface AdminApiOptions {
  /** public origin of the stand-in, used for absolute bulk-operation file URLs (a function is read lazily) */
  publicOrigin: string | (() => string);
  /** the buyer of an order (Order.customer); the stand-in passes its webhook platform's buyer book */
  customerOfOrder?: ResolverHost["customerOfOrder"];
  /** path prefix of the bulk file handler (default "/bulk") */
  bulkPathPrefix?: string;
  /** root objects per execution chunk of a bulk query (default 5000) */
  bulkChunkSize?: number;
  /** idempotency key retention (default 24 h) */
  idempotencyTtlMs?: number;
  /** injectable sleep (tests): latency/timeout faults wait through it */
  sleep?: (ms: number) => Promise<void>;
}

export interface ExecuteInput {
  shop: string;
  token: string | null | undefined;
  /** parsed JSON body `{query, variables, operationName}` or a raw string (JSON or GraphQL) */
  body: unknown;
  contentType?: string;
}

export interface ExecuteResult {
  status: number;
  headers: Record<string, string>;
  json: unknown;
  /** true when the timeout fault fired (the HTTP handler then drops the connection) */
  timedOut?: boolean;
}

export interface AdminApi {
  execute(input: ExecuteInput): Promise<ExecuteResult>;
  handle(req: IncomingMessage, res: ServerResponse, shop: string): Promise<void>;
  bulkFileHandler(req: IncomingMessage, res: ServerResponse): void;
  bulkFileUrl(id: number): string;
  /** fault knobs (same object the store holds) */
  setFaults(f: Partial<ApiFaults>): ApiFaults;
  buckets: Buckets;
  /** bucket status for (app, shop) right now */
  throttleStatus(shop: string, apiKey: string): ThrottleStatus;
  /** empty the bucket of (app, shop) (tests / control API) */
  drainBucket(shop: string, apiKey: string): void;
  /** wait for running bulk operations (tests) */
  idle(): Promise<void>;
  readonly publicOrigin: string;
}

// Publications and tags (dev/admin/publications.ts) join the resolver maps.
Object.assign(resolvers.QueryRoot, publicationQueryResolvers);
Object.assign(resolvers.Product, publicationTypeResolvers.Product);
resolvers.Publication = publicationTypeResolvers.Publication as (typeof resolvers)[string];
Object.assign(mutationResolvers, publicationMutationResolvers);
Object.assign(ROOT_SCOPES, publicationScopes);

const fieldResolver: GraphQLFieldResolver<unknown, ExecCtx> = (source, args, ctx, info) => {
  const parentName = info.parentType.name;
  const k = fieldKind(info.parentType, info.fieldName, info.returnType);
  let value: unknown;
  // generic connection / edge handling
  if (isConnectionValue(source)) {
    if (info.fieldName === "edges") value = source.items.map((node, i) => ({ __edge: true, conn: source, i, node }));
    else if (info.fieldName === "nodes") value = source.items;
    else if (info.fieldName === "pageInfo") value = { __pageInfo: true, conn: source };
    else throw notImplemented(parentName, info.fieldName);
  } else if (source && typeof source === "object" && (source as { __edge?: boolean }).__edge) {
    const e = source as { conn: ConnectionValue<unknown>; i: number; node: unknown };
    if (info.fieldName === "node") value = e.node;
    else if (info.fieldName === "cursor") value = e.conn.cursorAt(e.i);
    else throw notImplemented(parentName, info.fieldName);
  } else if (source && typeof source === "object" && (source as { __pageInfo?: boolean }).__pageInfo) {
    const c = (source as { conn: ConnectionValue<unknown> }).conn;
    const n = c.items.length;
    if (info.fieldName === "hasNextPage") value = c.hasNextPage;
    else if (info.fieldName === "hasPreviousPage") value = c.hasPreviousPage;
    else if (info.fieldName === "startCursor") value = n ? c.cursorAt(0) : null;
    else if (info.fieldName === "endCursor") value = n ? c.cursorAt(n - 1) : null;
    else throw notImplemented(parentName, info.fieldName);
  } else {
    if (parentName === "QueryRoot" || parentName === "Mutation") checkScope(ctx, info.fieldName);
    const r = parentName === "Mutation" ? mutationResolvers[info.fieldName] : resolvers[parentName]?.[info.fieldName];
    if (r) value = r(source, args, ctx, info);
    else if (isView(source) && Object.prototype.hasOwnProperty.call(source, info.fieldName)) {
      const v = (source as Record<string, unknown>)[info.fieldName];
      value = typeof v === "function" ? (v as (a: unknown) => unknown)(args) : v;
    } else if (info.fieldName === "__typename") value = parentName;
    else throw notImplemented(parentName, info.fieldName);
  }
  if (parentName === "Mutation") ctx.actualCost += MUTATION_COST;
  else ctx.actualCost += actualCostOf(k, value, ctx.operation === "mutation");
  return value;
};

function notImplemented(type: string, field: string): GraphQLError {
  return new NotImplemented(
    `Field '${type}.${field}' is valid in the Admin API 2026-10 schema but is not implemented by the Stockroom Shopify stand-in (dev/admin). No data is invented for it.`,
    { extensions: { code: "NOT_IMPLEMENTED_BY_STANDIN", typeName: type, fieldName: field } },
  );
}

const typeResolver: GraphQLTypeResolver<unknown, ExecCtx> = (value, ctx) => {
  if (value && typeof value === "object") {
    const t = ctx.typeOf.get(value);
    if (t) return t;
  }
  throw new GraphQLError("The stand-in could not resolve the concrete type of an abstract field.");
};

function parseBody(body: unknown, contentType?: string): { query?: unknown; variables?: unknown; operationName?: unknown } | null {
  if (typeof body === "string") {
    if (contentType?.includes("application/graphql")) return { query: body };
    try {
      return JSON.parse(body);
    } catch {
      return null;
    }
  }
  if (body && typeof body === "object") return body as Record<string, unknown>;
  return null;
}

function formatExecError(e: GraphQLError): ShopifyError {
  const out: ShopifyError = { message: e.message };
  if (e.locations) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  if (e.path) out.path = [...e.path];
  if (e.extensions && Object.keys(e.extensions).length) out.extensions = { ...e.extensions };
  return out;
}

export function createAdminApi(store: Store, opts: AdminApiOptions): AdminApi {
  const schema = adminSchema();
  const buckets = new Buckets(() => store.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const bulkPrefix = opts.bulkPathPrefix ?? "/bulk";
  const origin = () => (typeof opts.publicOrigin === "function" ? opts.publicOrigin() : opts.publicOrigin).replace(/\/$/, "");
  const chunk = opts.bulkChunkSize ?? 5000;
  const running = new Set<Promise<void>>();
  const bucketKey = (shop: string, apiKey: string) => `${apiKey}|${shop}`;

  const host: ResolverHost = {
    get publicOrigin() {
      return origin();
    },
    idempotency: new Map(),
    idempotencyTtlMs: opts.idempotencyTtlMs ?? 24 * 3600 * 1000,
    customerOfOrder: opts.customerOfOrder,
    startBulk(ctx, query) {
      let doc: DocumentNode;
      try {
        doc = parse(query);
      } catch (e) {
        return { op: null, userErrors: [{ field: ["query"], message: `Invalid bulk query: ${mapSyntaxError(e as GraphQLError).message}`, code: "INVALID" }] };
      }
      const verrs = validate(schema, doc);
      if (verrs.length) {
        const mapped = mapValidationErrors(schema, doc, verrs);
        return { op: null, userErrors: [{ field: ["query"], message: `Invalid bulk query: ${mapped[0].message}`, code: "INVALID" }] };
      }
      const chk = checkBulkQuery(schema, doc);
      if (chk.errors.length) return { op: null, userErrors: chk.errors.map((m) => ({ field: ["query"], message: m, code: "INVALID" })) };
      for (const b of ctx.st.bulkOperations.values()) {
        if (b.type === "QUERY" && b.appKey === ctx.appKey && (b.status === "CREATED" || b.status === "RUNNING" || b.status === "CANCELING")) {
          return { op: null, userErrors: [{ field: null, message: `A bulk query operation for this app and shop is already in progress: ${gid("BulkOperation", b.id)}.`, code: "OPERATION_IN_PROGRESS" }] };
        }
      }
      const op = store.createBulkOperation(ctx.shop, query, ctx.appKey);
      const p = runBulk(ctx, op, doc).finally(() => running.delete(p));
      running.add(p);
      return { op, userErrors: [] };
    },
  };

  async function runBulk(parent: ExecCtx, op: BulkOperationRecord, doc: DocumentNode): Promise<void> {
    await new Promise((r) => setImmediate(r));
    op.status = "RUNNING";
    const parts: string[] = [];
    let objects = 0;
    let roots = 0;
    try {
      for (let start = 0; ; start += chunk) {
        if ((op.status as string) === "CANCELING") {
          op.status = "CANCELED";
          break;
        }
        const ctx: ExecCtx = { ...parent, actualCost: 0, operation: "query", bulk: { start, size: chunk, rootTotal: 0 }, searchWarnings: [], typeOf: new WeakMap() };
        const result = await gqlExecute({ schema, document: doc, contextValue: ctx, fieldResolver, typeResolver });
        if (result.errors?.length) {
          const denied = result.errors.some((e) => e.extensions?.code === "ACCESS_DENIED");
          throw Object.assign(new Error(result.errors[0].message), { code: denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR" });
        }
        const lines: string[] = [];
        roots += flattenBulk(schema, doc, (result.data ?? {}) as Record<string, unknown>, lines);
        if (lines.length) parts.push(lines.join("\n") + "\n");
        objects += lines.length;
        if (start + chunk >= ctx.bulk!.rootTotal) break;
        await new Promise((r) => setImmediate(r));
      }
      if (op.status === "RUNNING") {
        op.status = "COMPLETED";
        op.data = parts.join("");
        parts.length = 0;
        op.objectCount = objects;
        op.rootObjectCount = roots;
        op.fileSize = Buffer.byteLength(op.data);
        op.url = objects ? api.bulkFileUrl(op.id) : null;
      }
    } catch (e) {
      op.status = "FAILED";
      op.errorCode = (e as { code?: string }).code === "ACCESS_DENIED" ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
      op.objectCount = objects;
      op.rootObjectCount = roots;
    }
    op.completedAt = store.now();
    store.emit("bulk_operation", { type: "finish", shop: parent.shop, bulkOperation: op, at: op.completedAt });
  }

  function costExt(requested: number, actual: number | null, status: ThrottleStatus) {
    return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } };
  }

  async function execute(input: ExecuteInput): Promise<ExecuteResult> {
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "x-request-id": randomUUID(), "x-shopify-api-version": API_VERSION };
    // ---- fault knobs: a fixed number of draws per request keeps the sequence reproducible
    const f = store.apiFaults;
    const rng = store.apiFaultRng;
    const latency = f.latencyMs[1] > 0 ? f.latencyMs[0] + rng.next() * (f.latencyMs[1] - f.latencyMs[0]) : (rng.next(), 0);
    const timeout = rng.chance(f.timeoutRate);
    const fail = rng.chance(f.errorRate);
    const forceThrottle = rng.chance(f.throttleRate);
    if (latency > 0) await sleep(Math.round(latency));
    if (timeout) {
      await sleep(f.timeoutMs);
      return { status: 504, headers, json: { errors: "Gateway Timeout" }, timedOut: true };
    }
    if (fail) {
      return { status: 503, headers, json: { errors: "Service Unavailable: the stand-in injected a 5xx fault" } };
    }

    const shop = shopDomain(input.shop);
    if (!store.hasShop(shop)) return { status: 404, headers, json: { errors: "Not Found" } };
    const token = store.validateAccessToken(shop, input.token);
    if (!token) return { status: 401, headers, json: INVALID_TOKEN_BODY };
    const bkey = bucketKey(shop, token.apiKey);
    const tcfg = store.throttleConfig(shop);

    const body = parseBody(input.body, input.contentType);
    if (!body || typeof body.query !== "string" || !body.query.trim()) {
      return { status: 400, headers, json: { errors: { query: "Required parameter missing or invalid" } } };
    }
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;

    if (forceThrottle) {
      const status = buckets.peek(bkey, tcfg.maximumAvailable, tcfg.restoreRate);
      return { status: 200, headers, json: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: THROTTLE_DOCS } }], extensions: costExt(0, null, status) } };
    }

    let doc: DocumentNode;
    try {
      doc = parse(body.query);
    } catch (e) {
      return { status: 200, headers, json: { errors: [mapSyntaxError(e as GraphQLError)] } };
    }
    const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const opName = typeof body.operationName === "string" && body.operationName ? body.operationName : null;
    let op: OperationDefinitionNode | undefined;
    if (opName) op = ops.find((o) => o.name?.value === opName);
    else if (ops.length === 1) op = ops[0];
    if (!op) {
      const message = opName ? `No operation named "${opName}"` : "An operation name is required";
      return { status: 200, headers, json: { errors: [{ message }] } };
    }
    if (op.operation === "subscription") return { status: 200, headers, json: { errors: [{ message: "Schema is not configured for subscriptions" }] } };

    const verrs = validate(schema, doc);
    if (verrs.length) return { status: 200, headers, json: { errors: mapValidationErrors(schema, doc, verrs) } };
    const coerced = coerceVariables(schema, op, variables);
    if (coerced.errors.length) return { status: 200, headers, json: { errors: coerced.errors } };

    const requested = requestedCost(schema, doc, op, coerced.coerced);
    if (requested > SINGLE_QUERY_MAX_COST) {
      const status = buckets.peek(bkey, tcfg.maximumAvailable, tcfg.restoreRate);
      return {
        status: 200,
        headers,
        json: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
            },
          ],
          extensions: costExt(requested, null, status),
        },
      };
    }
    const take = buckets.take(bkey, requested, tcfg.maximumAvailable, tcfg.restoreRate);
    if (!take.ok) {
      return { status: 200, headers, json: { errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: THROTTLE_DOCS } }], extensions: costExt(requested, null, take.status) } };
    }

    const ctx: ExecCtx = {
      store,
      shop,
      st: store.state(shop),
      token,
      appKey: token.apiKey,
      actualCost: 0,
      operation: op.operation === "mutation" ? "mutation" : "query",
      bulk: null,
      searchWarnings: [],
      typeOf: new WeakMap(),
      api: host,
    };
    const result = await gqlExecute({ schema, document: doc, operationName: op.name?.value, variableValues: variables, contextValue: ctx, fieldResolver, typeResolver });
    const actual = Math.min(ctx.actualCost, requested);
    const status = buckets.refund(bkey, requested - actual, tcfg.maximumAvailable, tcfg.restoreRate);
    const json: Record<string, unknown> = {};
    if (result.errors?.length) json.errors = result.errors.map(formatExecError);
    json.data = result.data ?? null;
    const ext: Record<string, unknown> = costExt(requested, actual, status);
    if (ctx.searchWarnings.length) ext.search = ctx.searchWarnings.map((w) => ({ path: w.path, query: w.query, parsed: null, warnings: w.warnings }));
    json.extensions = ext;
    return { status: 200, headers, json };
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  const api: AdminApi = {
    get publicOrigin() {
      return origin();
    },
    buckets,
    execute,
    async handle(req, res, shop) {
      if (req.method !== "POST") {
        res.writeHead(405, { "content-type": "application/json", allow: "POST" });
        res.end(JSON.stringify({ errors: "Method Not Allowed" }));
        return;
      }
      const raw = await readBody(req);
      const token = req.headers["x-shopify-access-token"];
      let r: ExecuteResult;
      try {
        r = await execute({ shop, token: Array.isArray(token) ? token[0] : token, body: raw, contentType: req.headers["content-type"] });
      } catch (e) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ errors: `Internal error in the stand-in: ${(e as Error).message}` }));
        return;
      }
      if (r.timedOut) {
        res.destroy();
        return;
      }
      res.writeHead(r.status, r.headers);
      res.end(JSON.stringify(r.json));
    },
    bulkFileHandler(req, res) {
      const m = /\/(\d+)\.jsonl(?:\?.*)?$/.exec(req.url ?? "");
      const found = m ? store.findBulkOperation(Number(m[1])) : undefined;
      if (!found || found.op.status !== "COMPLETED" || found.op.data === null) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("Not Found");
        return;
      }
      res.writeHead(200, { "content-type": "application/jsonl", "content-length": String(Buffer.byteLength(found.op.data)) });
      res.end(found.op.data);
    },
    bulkFileUrl(id) {
      return `${origin()}${bulkPrefix}/${id}.jsonl`;
    },
    setFaults(f) {
      return store.setApiFaults(f);
    },
    throttleStatus(shop, apiKey) {
      const cfg = store.throttleConfig(shop);
      return buckets.peek(bucketKey(shopDomain(shop), apiKey), cfg.maximumAvailable, cfg.restoreRate);
    },
    drainBucket(shop, apiKey) {
      const cfg = store.throttleConfig(shop);
      buckets.drain(bucketKey(shopDomain(shop), apiKey), cfg.maximumAvailable, cfg.restoreRate);
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
  return api;
}
