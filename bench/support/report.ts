import { mkdirSync, writeFileSync } from "node:fs";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prints a benchmark's figures and writes them to bench/results/<name>.json. */
export function report(name: string, figures: Record<string, unknown>): void {
  const result = { benchmark: name, at: new Date().toISOString(), node: process.version, ...figures };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/${name}.json`, JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result, null, 2));
}
