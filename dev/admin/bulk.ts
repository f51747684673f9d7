/**
 * Bulk query support: checks Shopify's bulk-query rules and flattens results into JSONL the way
 * Shopify does: one JSON object per line; nodes of nested connections become their own lines
 * with `__parentId` (the id of the enclosing node) and are removed from the parent object.
 */
import {
  GraphQLObjectType,
  Kind,
  getNamedType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fragmentsOf, isConnectionType } from "./cost.ts";

interface Frags {
  f: Record<string, FragmentDefinitionNode>;
}

/** Fields of a selection set (fragments inlined), on type `t`. */
function fieldsOf(sel: SelectionSetNode | undefined, frags: Frags): FieldNode[] {
  const out: FieldNode[] = [];
  if (!sel) return out;
  for (const s of sel.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet, frags));
    else if (s.kind === Kind.FRAGMENT_SPREAD && frags.f[s.name.value]) out.push(...fieldsOf(frags.f[s.name.value].selectionSet, frags));
  }
  return out;
}

function fieldType(parent: GraphQLNamedType, name: string): GraphQLNamedType | null {
  if (!isObjectType(parent) && !("getFields" in parent)) return null;
  const f = (parent as GraphQLObjectType).getFields()[name];
  return f ? getNamedType(f.type) : null;
}

/** The selection of one node of a connection field (edges { node { … } } or nodes { … }). */
function nodeSelections(conn: FieldNode, frags: Frags): FieldNode[] {
  const out: FieldNode[] = [];
  for (const f of fieldsOf(conn.selectionSet, frags)) {
    if (f.name.value === "nodes") out.push(...fieldsOf(f.selectionSet, frags));
    if (f.name.value === "edges") for (const e of fieldsOf(f.selectionSet, frags)) if (e.name.value === "node") out.push(...fieldsOf(e.selectionSet, frags));
  }
  return out;
}

function nodeTypeOf(conn: GraphQLObjectType): GraphQLNamedType {
  const f = conn.getFields();
  if (f.nodes) return getNamedType(f.nodes.type);
  const edge = getNamedType(f.edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node.type);
}

/** Shopify's bulk query restrictions; returns error messages (empty = ok) and the root connection field. */
export function checkBulkQuery(schema: GraphQLSchema, doc: DocumentNode): { errors: string[]; root: FieldNode | null } {
  const errors: string[] = [];
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1 || ops[0].operation !== "query") return { errors: ["Bulk queries must contain exactly one query operation."], root: null };
  const frags = { f: fragmentsOf(doc) };
  const top = fieldsOf(ops[0].selectionSet, frags).filter((f) => f.name.value !== "__typename");
  if (top.some((f) => f.name.value === "node" || f.name.value === "nodes")) errors.push("The top-level 'node' and 'nodes' fields can't be used in bulk queries.");
  let connections = 0;
  let root: FieldNode | null = null;
  const walk = (fields: FieldNode[], parent: GraphQLNamedType, depth: number, parentHasId: boolean, parentName: string) => {
    for (const f of fields) {
      const t = fieldType(parent, f.name.value);
      if (!t) continue;
      if (isConnectionType(t)) {
        connections++;
        if (depth >= 2) errors.push(`Bulk queries cannot contain connections with a nesting depth greater than 2 ('${f.name.value}').`);
        if (depth > 0 && !parentHasId) errors.push(`The parent '${parentName}' field for a nested connection must select the 'id' field. Connection fields without 'id': ${f.name.value}.`);
        if (depth === 0 && !root) root = f;
        const sel = nodeSelections(f, frags);
        walk(sel, nodeTypeOf(t), depth + 1, sel.some((x) => x.name.value === "id" && !x.alias), "node");
      } else if (isObjectType(t) && f.selectionSet) {
        const sel = fieldsOf(f.selectionSet, frags);
        walk(sel, t, depth, parentHasId, f.name.value);
      }
    }
  };
  walk(top, schema.getQueryType()!, 0, false, "query");
  if (connections === 0) errors.push("Bulk queries must contain at least one connection.");
  if (connections > 5) errors.push(`Bulk queries cannot contain more than 5 connections (found ${connections}).`);
  return { errors, root };
}

/**
 * Flatten one executed page of a bulk query into JSONL lines (appended to `out`).
 * Returns the number of root objects seen.
 */
export function flattenBulk(schema: GraphQLSchema, doc: DocumentNode, data: Record<string, unknown>, out: string[]): number {
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const frags = { f: fragmentsOf(doc) };
  let roots = 0;
  const qt = schema.getQueryType()!;

  /** copy `obj` per `fields`, cutting nested connections out (emitted after the object). */
  const shape = (obj: Record<string, unknown>, fields: FieldNode[], type: GraphQLNamedType, pending: (() => void)[], parentId: () => unknown): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    for (const f of fields) {
      const key = f.alias?.value ?? f.name.value;
      if (!(key in obj)) continue;
      const v = obj[key];
      const t = fieldType(type, f.name.value);
      if (t && isConnectionType(t)) {
        pending.push(() => emitConnection(v, f, t, parentId()));
        continue;
      }
      if (t && isObjectType(t) && v !== null && typeof v === "object") {
        const sub = fieldsOf(f.selectionSet, frags);
        if (Array.isArray(v)) copy[key] = v.map((x) => (x && typeof x === "object" ? shape(x as Record<string, unknown>, sub, t, pending, parentId) : x));
        else copy[key] = shape(v as Record<string, unknown>, sub, t, pending, parentId);
      } else copy[key] = v;
    }
    return copy;
  };

  const emitConnection = (v: unknown, f: FieldNode, t: GraphQLObjectType, parentId: unknown) => {
    if (!v || typeof v !== "object") return;
    const nodes: Record<string, unknown>[] = [];
    const c = v as Record<string, unknown>;
    for (const sub of fieldsOf(f.selectionSet, frags)) {
      const key = sub.alias?.value ?? sub.name.value;
      if (sub.name.value === "nodes" && Array.isArray(c[key])) nodes.push(...(c[key] as Record<string, unknown>[]));
      if (sub.name.value === "edges" && Array.isArray(c[key])) {
        for (const e of c[key] as Record<string, unknown>[]) {
          for (const ef of fieldsOf(sub.selectionSet, frags)) if (ef.name.value === "node" && e[ef.alias?.value ?? "node"]) nodes.push(e[ef.alias?.value ?? "node"] as Record<string, unknown>);
        }
      }
    }
    const nt = nodeTypeOf(t);
    const sel = nodeSelections(f, frags);
    for (const n of nodes) {
      if (parentId === undefined) roots++;
      const pending: (() => void)[] = [];
      const line = shape(n, sel, nt, pending, () => n.id);
      if (parentId !== undefined) line.__parentId = parentId;
      out.push(JSON.stringify(line));
      for (const p of pending) p();
    }
  };

  for (const f of fieldsOf(op.selectionSet, frags)) {
    const key = f.alias?.value ?? f.name.value;
    const t = fieldType(qt, f.name.value);
    if (t && isConnectionType(t)) emitConnection(data[key], f, t, undefined);
  }
  return roots;
}
