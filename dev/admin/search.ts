/**
 * Shopify search syntax for the `query:` argument: `field:value`, comparators `:>`, `:>=`, `:<`,
 * `:<=`, quoted values, trailing `*` prefix match, implicit AND, `AND`, `OR`, `NOT` / `-term`,
 * parentheses, and bare words (free text). Unknown fields are ignored with a search warning, as
 * Shopify does ("Invalid search field for this query.").
 */

export type Cmp = ":" | ">" | ">=" | "<" | "<=";
export type SearchNode =
  | { t: "term"; field: string | null; cmp: Cmp; value: string; prefix: boolean }
  | { t: "and"; a: SearchNode[] }
  | { t: "or"; a: SearchNode[] }
  | { t: "not"; a: SearchNode };

function tokenize(q: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      out.push(c);
      i++;
      continue;
    }
    let tok = "";
    while (i < q.length && !/\s/.test(q[i]) && q[i] !== "(" && q[i] !== ")") {
      if (q[i] === '"' || q[i] === "'") {
        const quote = q[i];
        tok += q[i++];
        while (i < q.length && q[i] !== quote) {
          if (q[i] === "\\" && i + 1 < q.length) tok += q[i++];
          tok += q[i++];
        }
        if (i < q.length) tok += q[i++];
      } else tok += q[i++];
    }
    out.push(tok);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) return v.slice(1, -1).replace(/\\(.)/g, "$1");
  return v;
}

function parseTerm(tok: string): SearchNode {
  const m = /^([A-Za-z_][A-Za-z0-9_.]*):(>=|<=|>|<)?(.*)$/.exec(tok);
  if (!m) {
    const raw = unquote(tok);
    const prefix = raw.endsWith("*");
    return { t: "term", field: null, cmp: ":", value: prefix ? raw.slice(0, -1) : raw, prefix };
  }
  const raw = unquote(m[3]);
  const prefix = !m[2] && raw.endsWith("*");
  return { t: "term", field: m[1].toLowerCase(), cmp: (m[2] as Cmp) ?? ":", value: prefix ? raw.slice(0, -1) : raw, prefix };
}

export function parseSearch(q: string): SearchNode | null {
  const toks = tokenize(q);
  let pos = 0;
  const peek = () => toks[pos];
  const parseOr = (): SearchNode | null => {
    const parts: SearchNode[] = [];
    const first = parseAnd();
    if (first) parts.push(first);
    while (peek() === "OR") {
      pos++;
      const n = parseAnd();
      if (n) parts.push(n);
    }
    if (!parts.length) return null;
    return parts.length === 1 ? parts[0] : { t: "or", a: parts };
  };
  const parseAnd = (): SearchNode | null => {
    const parts: SearchNode[] = [];
    while (pos < toks.length && peek() !== ")" && peek() !== "OR") {
      if (peek() === "AND") {
        pos++;
        continue;
      }
      const n = parseUnary();
      if (n) parts.push(n);
    }
    if (!parts.length) return null;
    return parts.length === 1 ? parts[0] : { t: "and", a: parts };
  };
  const parseUnary = (): SearchNode | null => {
    const tok = peek();
    if (tok === "NOT") {
      pos++;
      const n = parseUnary();
      return n ? { t: "not", a: n } : null;
    }
    if (tok === "(") {
      pos++;
      const n = parseOr();
      if (peek() === ")") pos++;
      return n;
    }
    pos++;
    if (tok.startsWith("-") && tok.length > 1) return { t: "not", a: parseTerm(tok.slice(1)) };
    return parseTerm(tok);
  };
  const n = parseOr();
  return n;
}

/** A field accessor returns the record's value(s) for a search field. */
export type FieldGetter<T> = (rec: T) => string | number | null | undefined | (string | number | null | undefined)[];

export interface SearchSpec<T> {
  fields: Record<string, FieldGetter<T>>;
  /** fields compared as dates */
  dateFields?: string[];
  /** fields compared numerically (ids: the numeric part of a gid also works) */
  numberFields?: string[];
  /** free-text fields for bare words */
  text: FieldGetter<T>;
}

export interface SearchWarning {
  field: string;
  message: string;
}

function cmpValues(a: number, b: number, cmp: Cmp): boolean {
  switch (cmp) {
    case ":":
      return a === b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
  }
}

function toNumber(v: string): number {
  const gid = /\/(\d+)(?:\?.*)?$/.exec(v);
  return gid ? Number(gid[1]) : Number(v);
}

function toDate(v: string): number {
  if (v === "now") return Date.now();
  const t = Date.parse(v);
  return Number.isNaN(t) ? NaN : t;
}

/** Compile a query string to a predicate. Unknown fields are dropped (matching everything) with a warning. */
export function compileSearch<T>(q: string | null | undefined, spec: SearchSpec<T>): { pred: ((r: T) => boolean) | null; warnings: SearchWarning[] } {
  const warnings: SearchWarning[] = [];
  if (!q || !q.trim()) return { pred: null, warnings };
  const ast = parseSearch(q);
  if (!ast) return { pred: null, warnings };
  const build = (n: SearchNode): ((r: T) => boolean) => {
    switch (n.t) {
      case "and": {
        const fs = n.a.map(build);
        return (r) => fs.every((f) => f(r));
      }
      case "or": {
        const fs = n.a.map(build);
        return (r) => fs.some((f) => f(r));
      }
      case "not": {
        const f = build(n.a);
        return (r) => !f(r);
      }
      case "term": {
        const field = n.field;
        if (field === null) {
          const needle = n.value.toLowerCase();
          return (r) => {
            const v = spec.text(r);
            const vals = Array.isArray(v) ? v : [v];
            return vals.some((x) => x != null && String(x).toLowerCase().includes(needle));
          };
        }
        const getter = spec.fields[field];
        if (!getter) {
          warnings.push({ field, message: "Invalid search field for this query." });
          return () => true;
        }
        const isDate = spec.dateFields?.includes(field);
        const isNum = spec.numberFields?.includes(field);
        if (isDate) {
          const target = toDate(n.value);
          return (r) => {
            const v = getter(r);
            const vals = Array.isArray(v) ? v : [v];
            return vals.some((x) => x != null && cmpValues(Number(x), target, n.cmp));
          };
        }
        if (isNum) {
          const target = toNumber(n.value);
          return (r) => {
            const v = getter(r);
            const vals = Array.isArray(v) ? v : [v];
            return vals.some((x) => x != null && cmpValues(Number(x), target, n.cmp));
          };
        }
        const needle = n.value.toLowerCase();
        return (r) => {
          const v = getter(r);
          const vals = Array.isArray(v) ? v : [v];
          return vals.some((x) => {
            if (x == null) return needle === "" && n.cmp === ":";
            const s = String(x).toLowerCase();
            if (n.cmp !== ":") return n.cmp === ">" ? s > needle : n.cmp === ">=" ? s >= needle : n.cmp === "<" ? s < needle : s <= needle;
            return n.prefix ? s.startsWith(needle) : s === needle;
          });
        };
      }
    }
  };
  return { pred: build(ast), warnings };
}
