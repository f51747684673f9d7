// Writes Shopify's Admin 2026-10 introspection (committed gzipped at
// app/graphql/admin-2026-10.schema.json.gz) to app/types/admin-2026-10.schema.json, where
// @shopify/api-codegen-preset looks for it, so codegen never downloads a schema.
//   --refresh  first re-fetches the gz from the npm package @shopify/dev-mcp (npm pack).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const VERSION = "2026-10";
const DEV_MCP = "@shopify/dev-mcp@1.16.0";
const gz = `app/graphql/admin-${VERSION}.schema.json.gz`;
const out = `app/types/admin-${VERSION}.schema.json`;

if (process.argv.includes("--refresh")) {
  const dir = mkdtempSync(join(tmpdir(), "dev-mcp-"));
  const tgz = execFileSync("npm", ["pack", DEV_MCP, "--silent"], { cwd: dir, encoding: "utf8" }).trim().split("\n").pop();
  execFileSync("tar", ["xzf", tgz, "package/dist/data/admin_" + VERSION + ".json.gz"], { cwd: dir });
  writeFileSync(gz, readFileSync(join(dir, "package/dist/data/admin_" + VERSION + ".json.gz")));
  rmSync(dir, { recursive: true, force: true });
  console.log(`refreshed ${gz} from ${DEV_MCP}`);
}

if (existsSync(out) && statSync(out).mtimeMs >= statSync(gz).mtimeMs) process.exit(0);
const json = JSON.parse(gunzipSync(readFileSync(gz)).toString("utf8"));
const introspection = json.data ?? json;
if (!introspection.__schema) throw new Error(`${gz} is not an introspection result`);
mkdirSync("app/types", { recursive: true });
writeFileSync(out, JSON.stringify({ data: introspection }));
console.log(`wrote ${out}`);
