// Builds the per-instance configuration the runtime (runtime/shopify-global.ts) receives.
// Node side: reads the extension's locale files the way Shopify serves them (the default
// locale, overridden by the buyer's language, then by language-REGION).
import { localesOf } from "../../scripts/build-extensions.mjs";
import type { InstanceConfig } from "./runtime/shopify-global";

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object"
        ? merge(out[k] as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  return out;
}

export function translationsFor(extension: string, locale: string): Record<string, unknown> {
  const files = localesOf(extension);
  const defaultName = Object.keys(files).find((f) => f.endsWith(".default"));
  let out = defaultName ? files[defaultName] : {};
  const lang = locale.split("-")[0].toLowerCase();
  for (const name of [lang, locale]) {
    const file = files[name] ?? files[`${name}.default`];
    if (file && `${name}.default` !== defaultName) out = merge(out, file);
  }
  return out;
}

export type { InstanceConfig };
