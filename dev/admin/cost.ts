/**
 * Shopify's calculated query cost (shopify.dev "GraphQL Admin API rate limits"):
 *   scalar / enum 0 · object 1 · interface/union: max of the possible selections ·
 *   connection: 2 + (first|last) × cost of one returned object (nested connections multiply) ·
 *   mutation root field: 10.
 * Requested cost comes from the AST before execution; actual cost from what was returned.
 * The single-query limit is 1000 requested points (MAX_COST_EXCEEDED).
 * Leaky bucket per (app, shop): must hold the requested cost before execution; the difference
 * requested − actual is refunded after.
 */
import {
  GraphQLObjectType,
  Kind,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

export function isConnectionType(t: GraphQLNamedType): t is GraphQLObjectType {
  return isObjectType(t) && t.name.endsWith("Connection") && "pageInfo" in t.getFields() && ("edges" in t.getFields() || "nodes" in t.getFields());
}

function unwrap(t: GraphQLOutputType): { named: GraphQLNamedType; list: boolean } {
  let list = false;
  let cur: GraphQLOutputType = t;
  while (isNonNullType(cur) || isListType(cur)) {
    if (isListType(cur)) list = true;
    cur = cur.ofType as GraphQLOutputType;
  }
  return { named: cur as GraphQLNamedType, list };
}

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string, ctx: Ctx): unknown {
  const argDef = field.args.find((a) => a.name === name);
  const argNode = node.arguments?.find((a) => a.name.value === name);
  if (!argDef || !argNode) return undefined;
  return valueFromAST(argNode.value, argDef.type, ctx.variables as Record<string, unknown>);
}

function skipped(node: { directives?: readonly import("graphql").DirectiveNode[] }, ctx: Ctx): boolean {
  for (const d of node.directives ?? []) {
    if (d.name.value !== "skip" && d.name.value !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if");
    if (!arg) continue;
    let v: unknown;
    if (arg.value.kind === Kind.BOOLEAN) v = arg.value.value;
    else if (arg.value.kind === Kind.VARIABLE) v = ctx.variables[arg.value.name.value];
    if (d.name.value === "skip" && v === true) return true;
    if (d.name.value === "include" && v === false) return true;
  }
  return false;
}

/**
 * Cost of a selection set on `parent`. For abstract parents, fragments on different concrete
 * types are alternatives (max), plain fields are added.
 */
function selectionCost(sel: SelectionSetNode | undefined, parent: GraphQLNamedType, ctx: Ctx): number {
  if (!sel) return 0;
  let common = 0;
  const perType = new Map<string, number>();
  const visitSel = (s: SelectionSetNode, typeCond: string | null) => {
    for (const node of s.selections) {
      if (skipped(node, ctx)) continue;
      if (node.kind === Kind.FIELD) {
        const parentType = typeCond ? (ctx.schema.getType(typeCond) as GraphQLNamedType) : parent;
        const c = fieldCost(node, parentType, ctx);
        if (typeCond && typeCond !== parent.name) perType.set(typeCond, (perType.get(typeCond) ?? 0) + c);
        else common += c;
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        visitSel(node.selectionSet, node.typeCondition?.name.value ?? typeCond);
      } else if (node.kind === Kind.FRAGMENT_SPREAD) {
        const f = ctx.fragments[node.name.value];
        if (f) visitSel(f.selectionSet, f.typeCondition.name.value);
      }
    }
  };
  visitSel(sel, null);
  let max = 0;
  for (const v of perType.values()) max = Math.max(max, v);
  return common + max;
}

function fieldCost(node: FieldNode, parent: GraphQLNamedType, ctx: Ctx): number {
  if (!isObjectType(parent) && !("getFields" in parent)) return 0;
  const fields = (parent as GraphQLObjectType).getFields();
  const def = fields[node.name.value];
  if (!def) return 0; // __typename etc.
  const { named, list } = unwrap(def.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(named)) {
    const n = Number(argValue(def, node, "first", ctx) ?? argValue(def, node, "last", ctx) ?? 0) || 0;
    return 2 + n * connectionNodeCost(node.selectionSet, named, ctx);
  }
  if (list && parent.name.endsWith("Connection") && node.name.value === "edges") return 0; // counted by the connection
  // `nodes(ids: [...])` at the root: one object per id
  if (list && node.name.value === "nodes" && parent === ctx.schema.getQueryType()) {
    const ids = argValue(def, node, "ids", ctx);
    const n = Array.isArray(ids) ? ids.length : 1;
    return n * (1 + selectionCost(node.selectionSet, named, ctx));
  }
  return 1 + selectionCost(node.selectionSet, named, ctx);
}

/** Cost of ONE object returned by a connection: the node (1) plus its selections; edges/pageInfo free. */
function connectionNodeCost(sel: SelectionSetNode | undefined, conn: GraphQLObjectType, ctx: Ctx): number {
  if (!sel) return 1;
  const nodeType = unwrap(conn.getFields().nodes?.type ?? (conn.getFields().edges.type as GraphQLOutputType)).named;
  let nodeSel = 0;
  let any = false;
  const visitConn = (s: SelectionSetNode) => {
    for (const n of s.selections) {
      if (skipped(n, ctx)) continue;
      if (n.kind === Kind.FIELD && n.name.value === "nodes") {
        any = true;
        nodeSel += selectionCost(n.selectionSet, nodeType, ctx);
      } else if (n.kind === Kind.FIELD && n.name.value === "edges" && n.selectionSet) {
        for (const e of n.selectionSet.selections) {
          if (e.kind === Kind.FIELD && e.name.value === "node") {
            any = true;
            const edgeType = unwrap(conn.getFields().edges.type).named as GraphQLObjectType;
            const nt = unwrap(edgeType.getFields().node.type).named;
            nodeSel += selectionCost(e.selectionSet, nt, ctx);
          }
        }
      } else if (n.kind === Kind.INLINE_FRAGMENT) visitConn(n.selectionSet);
      else if (n.kind === Kind.FRAGMENT_SPREAD && ctx.fragments[n.name.value]) visitConn(ctx.fragments[n.name.value].selectionSet);
    }
  };
  visitConn(sel);
  return any ? 1 + nodeSel : 1;
}

export function fragmentsOf(doc: DocumentNode): Record<string, FragmentDefinitionNode> {
  const out: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  return out;
}

/** Requested cost of an operation (before execution). */
export function requestedCost(schema: GraphQLSchema, doc: DocumentNode, op: OperationDefinitionNode, variables: Record<string, unknown>): number {
  const ctx: Ctx = { schema, fragments: fragmentsOf(doc), variables };
  if (op.operation === "mutation") {
    const mt = schema.getMutationType()!;
    let total = 0;
    for (const s of op.selectionSet.selections) {
      if (s.kind !== Kind.FIELD || skipped(s, ctx)) continue;
      if (s.name.value === "__typename") continue;
      const def = mt.getFields()[s.name.value];
      total += MUTATION_COST + (def ? nestedConnectionCost(s.selectionSet, unwrap(def.type).named, ctx) : 0);
    }
    return total;
  }
  return selectionCost(op.selectionSet, schema.getQueryType()!, ctx);
}

/** Inside a mutation payload only connections are charged (the payload itself is the mutation's 10). */
function nestedConnectionCost(sel: SelectionSetNode | undefined, parent: GraphQLNamedType, ctx: Ctx): number {
  if (!sel || !isObjectType(parent)) return 0;
  let total = 0;
  for (const n of sel.selections) {
    if (n.kind !== Kind.FIELD) continue;
    const def = parent.getFields()[n.name.value];
    if (!def) continue;
    const { named } = unwrap(def.type);
    if (isConnectionType(named)) total += fieldCost(n, parent, ctx);
    else if (!isLeafType(named)) total += nestedConnectionCost(n.selectionSet, named, ctx);
  }
  return total;
}

// ----------------------------------------------------------------------------- actual cost
export type FieldKind = "leaf" | "connection" | "edges" | "node" | "nodesList" | "pageInfo" | "object" | "objectList" | "abstract";

const kindCache = new WeakMap<object, Map<string, FieldKind>>();

/** Classify (parentType, field) once; used by the executor to add actual cost as values come back. */
export function fieldKind(parentType: GraphQLObjectType, fieldName: string, returnType: GraphQLOutputType): FieldKind {
  let m = kindCache.get(parentType);
  if (!m) kindCache.set(parentType, (m = new Map()));
  const hit = m.get(fieldName);
  if (hit) return hit;
  const { named, list } = unwrap(returnType);
  let k: FieldKind;
  if (isLeafType(named)) k = "leaf";
  else if (isConnectionType(named)) k = "connection";
  else if (parentType.name.endsWith("Connection") && fieldName === "edges") k = "edges";
  else if (parentType.name.endsWith("Connection") && fieldName === "nodes") k = "nodesList";
  else if (parentType.name.endsWith("Connection") && fieldName === "pageInfo") k = "pageInfo";
  else if (parentType.name.endsWith("Edge") && fieldName === "node") k = "node";
  else if (list) k = "objectList";
  else if (isAbstractType(named)) k = "abstract";
  else k = "object";
  m.set(fieldName, k);
  return k;
}

/** Cost the executor adds for a resolved value of a field of kind `k`. */
export function actualCostOf(k: FieldKind, value: unknown, inMutationPayload: boolean): number {
  if (value === null || value === undefined) return 0;
  switch (k) {
    case "connection":
      return 2;
    case "node":
      return 1;
    case "nodesList":
      return Array.isArray(value) ? value.length : 0;
    case "leaf":
    case "edges":
    case "pageInfo":
      return 0;
    case "objectList":
      return inMutationPayload ? 0 : 1;
    default:
      return inMutationPayload ? 0 : 1;
  }
}

// ----------------------------------------------------------------------------- leaky bucket
export interface BucketState {
  available: number;
  last: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class Buckets {
  private readonly buckets = new Map<string, BucketState>();
  constructor(private readonly now: () => number) {}

  private refill(key: string, max: number, rate: number): BucketState {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { available: max, last: t };
      this.buckets.set(key, b);
      return b;
    }
    const dt = Math.max(0, t - b.last) / 1000;
    b.available = Math.min(max, b.available + dt * rate);
    b.last = t;
    return b;
  }

  /** Take `cost` if the bucket holds it; returns whether it did and the status after. */
  take(key: string, cost: number, max: number, rate: number): { ok: boolean; status: ThrottleStatus } {
    const b = this.refill(key, max, rate);
    const ok = b.available >= cost;
    if (ok) b.available -= cost;
    return { ok, status: this.status(b, max, rate) };
  }

  refund(key: string, amount: number, max: number, rate: number): ThrottleStatus {
    const b = this.refill(key, max, rate);
    b.available = Math.min(max, b.available + amount);
    return this.status(b, max, rate);
  }

  peek(key: string, max: number, rate: number): ThrottleStatus {
    return this.status(this.refill(key, max, rate), max, rate);
  }

  /** Empty a bucket (control API / forced throttling). */
  drain(key: string, max: number, rate: number): void {
    this.refill(key, max, rate).available = 0;
  }

  reset(): void {
    this.buckets.clear();
  }

  private status(b: BucketState, max: number, rate: number): ThrottleStatus {
    return { maximumAvailable: max, currentlyAvailable: Math.floor(b.available), restoreRate: rate };
  }
}
