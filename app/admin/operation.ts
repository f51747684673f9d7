import { Kind, parse, type OperationDefinitionNode } from "graphql";

export interface OperationInfo {
  name: string;
  isMutation: boolean;
  /** Every top-level mutation field carries @idempotent(key: …): safe to resend. */
  idempotent: boolean;
}

const cache = new Map<string, OperationInfo>();

export function operationInfo(document: string): OperationInfo {
  const hit = cache.get(document);
  if (hit) return hit;
  const doc = parse(document);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!op) throw new Error("GraphQL document has no operation");
  const isMutation = op.operation === "mutation";
  const fields = op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  const idempotent =
    !isMutation || (fields.length > 0 && fields.every((f) => f.directives?.some((d) => d.name.value === "idempotent")));
  const info = { name: op.name?.value ?? "anonymous", isMutation, idempotent };
  cache.set(document, info);
  return info;
}
