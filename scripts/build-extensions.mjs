// Builds the checkout UI extensions offline the way `shopify app build` (@shopify/cli 4.8.2,
// esbuild 0.28.1) bundles a `ui_extension`: for api_version >= 2025-10 the stdin entry imports
// each target's module and wraps its default export in `shopify.extend('<target>', …)`; esbuild
// options: bundle, minify, jsx automatic (jsxImportSource from the extension's tsconfig.json),
// target es6, legalComments none, no externals, `process.env.NODE_ENV` and `process.env.<VAR>`
// for APP_URL and the app's .env defined as constants. Output: extensions/<name>/dist/<handle>.js.
//
// Usage: node scripts/build-extensions.mjs [name ...]   (APP_URL or SHOPIFY_APP_URL sets the app URL)
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "smol-toml";

export const UI_EXTENSIONS = ["checkout-stock", "thank-you-survey"];
// import.meta.dirname: also right under Vitest (whose import.meta.url may be an http URL).
const ROOT = resolve(import.meta.dirname, "..");

/** `.env` in the app root, as the CLI reads it (KEY=value lines). */
function dotenv() {
  const file = join(ROOT, ".env");
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (m) vars[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
  }
  return vars;
}

function remoteDomApi(version) {
  const [y, m] = version.split("-").map(Number);
  return y > 2025 || (y === 2025 && m >= 10);
}

/** The stdin entry the CLI generates for a ui_extension. */
export function entryFor(config) {
  const ext = config.extensions[0];
  const apiVersion = config.api_version ?? ext.api_version;
  const targets = ext.targeting ?? [];
  if (!remoteDomApi(apiVersion)) return targets.map((t) => `import '${t.module}';`).join("\n");
  const modules = [...new Set(targets.map((t) => t.module))];
  const imports = modules.map((m, i) => `import Target_${i} from '${m}';`);
  const extend = targets.map((t) => `shopify.extend('${t.target}', (...args) => Target_${modules.indexOf(t.module)}(...args));`);
  return [...imports, ...extend].join("\n");
}

/**
 * Builds one extension. `write: false` returns the bundle as `code` instead of writing dist/
 * (tests and the dev extension host build with the URL of the app they run against).
 */
export async function buildExtension(
  name,
  { appUrl = process.env.APP_URL ?? process.env.SHOPIFY_APP_URL ?? "", write = true } = {},
) {
  const dir = join(ROOT, "extensions", name);
  const config = parse(readFileSync(join(dir, "shopify.extension.toml"), "utf8"));
  const handle = config.extensions[0].handle;
  const env = { ...dotenv(), ...(appUrl ? { APP_URL: appUrl } : {}) };
  const define = { "process.env.NODE_ENV": JSON.stringify("production") };
  for (const [k, v] of Object.entries(env)) define[`process.env.${k}`] = JSON.stringify(v);
  const outfile = join(dir, "dist", `${handle}.js`);
  const result = await build({
    outfile,
    stdin: { contents: entryFor(config), resolveDir: dir, loader: "tsx" },
    bundle: true,
    define,
    jsx: "automatic",
    loader: { ".esnext": "ts", ".js": "jsx" },
    legalComments: "none",
    minify: true,
    target: "es6",
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs", ".ejs"],
    logLevel: "warning",
    write,
  });
  if (result.errors.length) throw new Error(`${name}: ${result.errors.length} esbuild errors`);
  return {
    name,
    handle,
    outfile,
    apiVersion: config.api_version,
    capabilities: Object.entries(config.extensions[0].capabilities ?? {})
      .filter(([, v]) => v === true)
      .map(([k]) => k),
    settings: config.extensions[0].settings?.fields ?? [],
    targets: config.extensions[0].targeting.map((t) => t.target),
    code: write ? undefined : result.outputFiles[0].text,
  };
}

export function localesOf(name) {
  const dir = join(ROOT, "extensions", name, "locales");
  const out = {};
  for (const f of readdirSync(dir))
    if (f.endsWith(".json")) out[f.replace(/\.json$/, "")] = JSON.parse(readFileSync(join(dir, f), "utf8"));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : UI_EXTENSIONS;
  for (const n of names) {
    const r = await buildExtension(n);
    console.log(`built ${n} → ${r.outfile.replace(ROOT + "/", "")} (${r.targets.join(", ")})`);
  }
}
