/**
 * Turn graphql-js parse/validation/variable errors into the shapes Shopify's Admin API (graphql-ruby)
 * returns: `{message, locations, path, extensions: {code, ...}}` with graphql-ruby's codes and wording
 * (undefinedField, argumentNotAccepted, missingRequiredArguments, argumentLiteralsIncompatible,
 * selectionMismatch, variableNotUsed, variableNotDefined, INVALID_VARIABLE, ...).
 */
import {
  GraphQLError,
  Kind,
  TypeInfo,
  coerceInputValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  print,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SourceLocation,
} from "graphql";

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const loc = (l: readonly SourceLocation[] | undefined) => (l ?? []).map((x) => ({ line: x.line, column: x.column }));

function opLabel(op: OperationDefinitionNode): string {
  return op.name ? `${op.operation} ${op.name.value}` : op.operation;
}

interface NodeInfo {
  path: string[];
  /** for value nodes: the argument/input field they belong to */
  argName?: string;
  ownerKind?: "Field" | "InputObject";
  ownerName?: string;
  expected?: string;
}

/** Map every relevant AST node to its graphql-ruby style path and, for values, their argument. */
function indexDocument(schema: GraphQLSchema, doc: DocumentNode): Map<ASTNode, NodeInfo> {
  const out = new Map<ASTNode, NodeInfo>();
  const stack: string[] = [];
  const owners: { kind: "Field" | "InputObject"; name: string; arg?: string; expected?: string }[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
            stack.push(opLabel(node));
            break;
          case Kind.FRAGMENT_DEFINITION:
            stack.push(`fragment ${node.name.value}`);
            break;
          case Kind.INLINE_FRAGMENT:
            stack.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
            break;
          case Kind.FIELD:
            stack.push(node.alias?.value ?? node.name.value);
            owners.push({ kind: "Field", name: node.name.value });
            break;
          case Kind.ARGUMENT: {
            stack.push(node.name.value);
            const o = owners[owners.length - 1];
            const t = typeInfo.getInputType();
            owners.push({ kind: o?.kind ?? "Field", name: o?.name ?? "", arg: node.name.value, expected: t ? String(t) : undefined });
            break;
          }
          case Kind.OBJECT_FIELD: {
            stack.push(node.name.value);
            const parent = typeInfo.getParentInputType();
            const t = typeInfo.getInputType();
            owners.push({ kind: "InputObject", name: parent ? getNamedType(parent).name : "", arg: node.name.value, expected: t ? String(t) : undefined });
            break;
          }
          default:
            break;
        }
        const o = owners[owners.length - 1];
        out.set(node, { path: [...stack], argName: o?.arg, ownerKind: o?.kind, ownerName: o?.name, expected: o?.expected });
        return undefined;
      },
      leave(node) {
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
          case Kind.FRAGMENT_DEFINITION:
          case Kind.INLINE_FRAGMENT:
            stack.pop();
            break;
          case Kind.FIELD:
          case Kind.ARGUMENT:
          case Kind.OBJECT_FIELD:
            stack.pop();
            owners.pop();
            break;
          default:
            break;
        }
        return undefined;
      },
    }),
  );
  return out;
}

function opNameFor(doc: DocumentNode, node: ASTNode | undefined): string {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (node?.loc) {
    const op = ops.find((o) => o.loc && o.loc.start <= node.loc!.start && node.loc!.end <= o.loc.end);
    if (op) return op.name ? op.name.value : `anonymous ${op.operation}`;
  }
  return ops[0]?.name?.value ?? `anonymous ${ops[0]?.operation ?? "query"}`;
}

/** Map graphql-js validation errors to Shopify's. */
export function mapValidationErrors(schema: GraphQLSchema, doc: DocumentNode, errors: readonly GraphQLError[]): ShopifyError[] {
  const index = indexDocument(schema, doc);
  const out: ShopifyError[] = [];
  const missingArgs = new Map<ASTNode, { field: string; args: string[]; err: GraphQLError }>();
  for (const e of errors) {
    const node = e.nodes?.[0];
    const info = node ? index.get(node) : undefined;
    const path = info?.path;
    const m = e.message;
    let r: RegExpExecArray | null;
    if ((r = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(m))) {
      out.push({ message: `Field '${r[1]}' doesn't exist on type '${r[2]}'`, locations: loc(e.locations), path, extensions: { code: "undefinedField", typeName: r[2], fieldName: r[1] } });
    } else if ((r = /^Unknown argument "(.+?)" on field "(.+?)\.(.+?)"\./.exec(m))) {
      out.push({ message: `Field '${r[3]}' doesn't accept argument '${r[1]}'`, locations: loc(e.locations), path, extensions: { code: "argumentNotAccepted", name: r[3], typeName: "Field", argumentName: r[1] } });
    } else if ((r = /^Unknown argument "(.+?)" on directive "@(.+?)"\./.exec(m))) {
      out.push({ message: `Directive '@${r[2]}' doesn't accept argument '${r[1]}'`, locations: loc(e.locations), path, extensions: { code: "argumentNotAccepted", name: r[2], typeName: "Directive", argumentName: r[1] } });
    } else if ((r = /^Field "(.+?)" argument "(.+?)" of type ".+?" is required, but it was not provided\./.exec(m)) && node) {
      const cur = missingArgs.get(node);
      if (cur) cur.args.push(r[2]);
      else {
        const entry = { field: r[1], args: [r[2]], err: e };
        missingArgs.set(node, entry);
        out.push({ message: "", locations: loc(e.locations), path, extensions: { code: "missingRequiredArguments", className: "Field", name: r[1], arguments: "" }, ...({ __missing: entry } as object) });
      }
    } else if ((r = /^Directive "@(.+?)" argument "(.+?)" of type ".+?" is required, but it was not provided\./.exec(m))) {
      out.push({ message: `Directive '@${r[1]}' is missing required arguments: ${r[2]}`, locations: loc(e.locations), path, extensions: { code: "missingRequiredArguments", className: "Directive", name: r[1], arguments: r[2] } });
    } else if ((r = /^Field "(.+?)\.(.+?)" of required type "(.+?)" was not provided\./.exec(m))) {
      out.push({
        message: `Argument '${r[2]}' on InputObject '${r[1]}' is required. Expected type ${r[3]}`,
        locations: loc(e.locations),
        path,
        extensions: { code: "missingRequiredInputObjectAttribute", argumentName: r[2], argumentType: r[3], inputObjectType: r[1] },
      });
    } else if ((r = /^Field "(.+?)" is not defined by type "(.+?)"\./.exec(m))) {
      const fieldPath = path ? [...path, r[1]] : undefined;
      out.push({ message: `InputObject '${r[2]}' doesn't accept argument '${r[1]}'`, locations: loc(e.locations), path: fieldPath, extensions: { code: "argumentNotAccepted", name: r[2], typeName: "InputObject", argumentName: r[1] } });
    } else if (
      node &&
      (/cannot represent/.test(m) || /^Expected value of type/.test(m) || /does not exist in ".+?" enum/.test(m) || /^Enum ".+?" cannot represent/.test(m) || /^Expected type/.test(m))
    ) {
      // a literal of the wrong type: report against its argument like graphql-ruby does
      const ownerKind = info?.ownerKind ?? "Field";
      const argName = info?.argName ?? "";
      out.push({
        message: `Argument '${argName}' on ${ownerKind} '${info?.ownerName ?? ""}' has an invalid value (${print(node)}). Expected type '${info?.expected ?? "?"}'.`,
        locations: loc(e.locations),
        path,
        extensions: { code: "argumentLiteralsIncompatible", typeName: ownerKind, argumentName: argName },
      });
    } else if ((r = /^Field "(.+?)" of type "(.+?)" must have a selection of subfields/.exec(m))) {
      out.push({
        message: `Field must have selections (field '${r[1]}' returns ${r[2].replace(/[![\]]/g, "")} but has no selections. Did you mean '${r[1]} { ... }'?)`,
        locations: loc(e.locations),
        path,
        extensions: { code: "selectionMismatch", nodeName: `field '${r[1]}'`, typeName: r[2].replace(/[![\]]/g, "") },
      });
    } else if ((r = /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\./.exec(m))) {
      const ss = node?.kind === Kind.SELECTION_SET ? node : node?.kind === Kind.FIELD ? node.selectionSet : undefined;
      const sel = ss ? ss.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : "...")).join(", ") : "";
      out.push({
        message: `Selections can't be made on scalars (field '${r[1]}' returns ${r[2].replace(/[![\]]/g, "")} but has selections [${sel}])`,
        locations: loc(e.locations),
        path,
        extensions: { code: "selectionMismatch", nodeName: `field '${r[1]}'`, typeName: r[2].replace(/[![\]]/g, "") },
      });
    } else if ((r = /^Variable "\$(.+?)" is never used/.exec(m))) {
      out.push({ message: `Variable $${r[1]} is declared by ${opNameFor(doc, node)} but not used`, locations: loc(e.locations), path: path?.slice(0, 1), extensions: { code: "variableNotUsed", variableName: r[1] } });
    } else if ((r = /^Variable "\$(.+?)" is not defined/.exec(m))) {
      out.push({ message: `Variable $${r[1]} is used by ${opNameFor(doc, node)} but not declared`, locations: loc(e.locations).slice(0, 1), path, extensions: { code: "variableNotDefined", variableName: r[1] } });
    } else if ((r = /^Unknown type "(.+?)"\./.exec(m))) {
      const inVarDef = node && doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions ?? []).some((v) => v.loc && node.loc && v.loc.start <= node.loc.start && node.loc.end <= v.loc.end));
      if (inVarDef) {
        const vd = doc.definitions
          .flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []) : []))
          .find((v) => v.loc && node!.loc && v.loc.start <= node!.loc.start && node!.loc.end <= v.loc.end);
        out.push({ message: `${r[1]} isn't a defined input type (on $${vd?.variable.name.value})`, locations: loc(e.locations), path, extensions: { code: "variableRequiresValidType", typeName: r[1], variableName: vd?.variable.name.value } });
      } else {
        out.push({ message: `No such type ${r[1]}, so it can't be a fragment condition`, locations: loc(e.locations), path, extensions: { code: "undefinedType", typeName: r[1] } });
      }
    } else if ((r = /^Unknown fragment "(.+?)"\./.exec(m))) {
      out.push({ message: `Fragment ${r[1]} was used, but not defined`, locations: loc(e.locations), path, extensions: { code: "useAndDefineFragment", fragmentName: r[1] } });
    } else if ((r = /^Fragment "(.+?)" is never used\./.exec(m))) {
      out.push({ message: `Fragment ${r[1]} was defined, but not used`, locations: loc(e.locations), path, extensions: { code: "useAndDefineFragment", fragmentName: r[1] } });
    } else if ((r = /^Fragment cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\./.exec(m))) {
      out.push({ message: `Fragment on ${r[2]} can't be spread inside ${r[1]}`, locations: loc(e.locations), path, extensions: { code: "fragmentSpreadTypeMismatch", fragmentName: `... on ${r[2]}`, parentName: r[1] } });
    } else if ((r = /^Fields "(.+?)" conflict because (.*)$/.exec(m))) {
      out.push({ message: `Field '${r[1]}' has a field conflict: ${r[2]}`, locations: loc(e.locations), path, extensions: { code: "fieldConflict", fieldName: r[1] } });
    } else if ((r = /^Unknown directive "@(.+?)"\./.exec(m))) {
      out.push({ message: `Directive @${r[1]} is not defined`, locations: loc(e.locations), path, extensions: { code: "undefinedDirective", directiveName: r[1] } });
    } else if ((r = /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./.exec(m))) {
      out.push({ message: `Nullability mismatch on variable $${r[1]} and argument ${info?.argName ?? ""} (${r[2]} / ${r[3]})`, locations: loc(e.locations), path, extensions: { code: "variableMismatch", variableName: r[1], typeName: r[2], argumentName: info?.argName, errorMessage: "Nullability mismatch" } });
    } else {
      out.push({ message: m, locations: loc(e.locations), path, extensions: { code: "validationError" } });
    }
  }
  for (const { field, args, err } of missingArgs.values()) {
    const o = out.find((x) => (x as { __missing?: unknown }).__missing && (x as unknown as { __missing: { err: GraphQLError } }).__missing.err === err)!;
    o.message = `Field '${field}' is missing required arguments: ${args.join(", ")}`;
    (o.extensions as Record<string, unknown>).arguments = args.join(", ");
    delete (o as { __missing?: unknown }).__missing;
  }
  return out;
}

const TOKEN_NAMES: Record<string, string> = {
  "}": "RCURLY",
  "{": "LCURLY",
  ")": "RPAREN",
  "(": "LPAREN",
  "]": "RBRACKET",
  "[": "LBRACKET",
  ":": "COLON",
  $: "VAR_SIGN",
  "!": "BANG",
  "=": "EQUALS",
  "@": "DIR_SIGN",
  "...": "ELLIPSIS",
};

/** graphql-ruby style parse error. */
export function mapSyntaxError(e: GraphQLError): ShopifyError {
  const l = e.locations?.[0];
  const at = l ? ` at [${l.line}, ${l.column}]` : "";
  const found = /found (?:"(.+?)"|<EOF>)/.exec(e.message) ?? /Unexpected (?:"(.+?)"|<EOF>)/.exec(e.message);
  let message: string;
  if (found && found[1] === undefined) message = `Unexpected end of document`;
  else if (found) message = `Parse error on "${found[1]}" (${TOKEN_NAMES[found[1]] ?? "IDENTIFIER"})${at}`;
  else message = `Parse error${at}: ${e.message.replace(/^Syntax Error: /, "")}`;
  return { message, locations: loc(e.locations) };
}

function explain(msg: string, type: GraphQLInputType | undefined, value: unknown): string {
  let r: RegExpExecArray | null;
  if (/not to be null|must not be null/.test(msg)) return "Expected value to not be null";
  if ((r = /^Field "(.+?)" is not defined by type "(.+?)"/.exec(msg))) return `Field is not defined on ${r[2]}`;
  if ((r = /^Field "(.+?)" of required type "(.+?)" was not provided/.exec(msg))) return "Expected value to not be null";
  if (type && isEnumType(getNamedType(type))) {
    const e = getNamedType(type) as import("graphql").GraphQLEnumType;
    return `Expected ${JSON.stringify(value)} to be one of: ${e.getValues().map((v) => v.name).join(", ")}`;
  }
  if (type) return `Could not coerce value ${JSON.stringify(value)} to ${getNamedType(type).name}`;
  return msg;
}

/**
 * Coerce variables like graphql-ruby: returns Shopify INVALID_VARIABLE errors (one per bad variable)
 * or the coerced values.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  raw: Record<string, unknown> | null | undefined,
): { errors: ShopifyError[]; coerced: Record<string, unknown> } {
  const errors: ShopifyError[] = [];
  const coerced: Record<string, unknown> = {};
  const inputs = raw ?? {};
  for (const vd of op.variableDefinitions ?? []) {
    const name = vd.variable.name.value;
    const type = typeFromAST(schema, vd.type as import("graphql").NamedTypeNode) as GraphQLInputType | undefined;
    if (!type) continue; // reported by validation
    const typeStr = print(vd.type);
    const locations = loc(vd.loc ? [{ line: lineCol(vd).line, column: lineCol(vd).column }] : []);
    const has = Object.prototype.hasOwnProperty.call(inputs, name);
    if (!has || inputs[name] === undefined) {
      if (vd.defaultValue) continue; // graphql-js applies defaults at execution
      if (isNonNullType(type)) {
        errors.push({ message: `Variable $${name} of type ${typeStr} was provided invalid value`, locations, extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] } });
      }
      continue;
    }
    const value = inputs[name];
    const problems: { path: (string | number)[]; explanation: string }[] = [];
    const result = coerceInputValue(value, type, (p, invalid, err) => {
      let t: GraphQLInputType | undefined = undefined;
      if (/cannot represent|does not exist in|Expected type/.test(err.message)) t = leafTypeAt(type, p as (string | number)[]);
      const extra = /^Field "(.+?)" is not defined by type/.exec(err.message);
      problems.push({ path: extra ? [...(p as (string | number)[]), extra[1]] : [...(p as (string | number)[])], explanation: explain(err.message, t, invalid) });
    });
    if (problems.length) {
      const first = problems[0];
      const suffix = first.path.length ? ` for ${first.path.join(".")} (${first.explanation})` : "";
      errors.push({ message: `Variable $${name} of type ${typeStr} was provided invalid value${suffix}`, locations, extensions: { code: "INVALID_VARIABLE", value, problems } });
    } else coerced[name] = result;
  }
  return { errors, coerced };
}

function leafTypeAt(type: GraphQLInputType, p: (string | number)[]): GraphQLInputType | undefined {
  let t: GraphQLInputType = type;
  for (const seg of p) {
    let n = t;
    while (isNonNullType(n) || (n as { ofType?: unknown }).ofType) {
      if (typeof seg === "number" && (n as { constructor: { name: string } }).constructor.name === "GraphQLList") {
        n = (n as unknown as { ofType: GraphQLInputType }).ofType;
        break;
      }
      n = (n as unknown as { ofType: GraphQLInputType }).ofType;
    }
    if (typeof seg === "string") {
      const named = getNamedType(n);
      if (!isInputObjectType(named)) return undefined;
      const f = named.getFields()[seg];
      if (!f) return undefined;
      t = f.type;
    } else t = n;
  }
  return t;
}

function lineCol(node: ASTNode): { line: number; column: number } {
  const l = node.loc!;
  const body = l.source.body;
  let line = 1,
    col = 1;
  for (let i = 0; i < l.start; i++) {
    if (body.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}
