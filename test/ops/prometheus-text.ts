// A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must
// be a HELP/TYPE comment or a well-formed sample, each sample must belong to a declared metric.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;

export function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "") continue;
    if (line.startsWith("# HELP ")) continue;
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(type)) throw new Error(`line ${i + 1}: bad type ${type}`);
      types.set(name, type);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not a sample: ${line}`);
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      let consumed = 0;
      for (let l = LABEL.exec(m[2]); l; l = LABEL.exec(m[2])) {
        labels[l[1]] = l[2].replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
        consumed = LABEL.lastIndex;
      }
      if (consumed !== m[2].length) throw new Error(`line ${i + 1}: bad labels: ${m[2]}`);
    }
    // Prometheus parses values with Go's ParseFloat: NaN and ±Inf in any letter case.
    const word = m[3].toLowerCase();
    const value = word === "+inf" || word === "inf" ? Infinity : word === "-inf" ? -Infinity : word === "nan" ? NaN : Number(m[3]);
    if (Number.isNaN(value) && word !== "nan") throw new Error(`line ${i + 1}: bad value ${m[3]}`);
    const base = m[1].replace(/_(bucket|sum|count|total|created)$/, "");
    if (!types.has(m[1]) && !types.has(base)) throw new Error(`line ${i + 1}: sample of undeclared metric ${m[1]}`);
    samples.push({ name: m[1], labels, value });
  }
  return { types, samples };
}

export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}
