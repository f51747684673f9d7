import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes, randomUUID } from "node:crypto";

// Runs in every test file's process before any app module loads (vitest setupFiles).
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ||= "test-api-key";
process.env.SHOPIFY_API_SECRET ||= "test-api-secret";
process.env.SHOPIFY_APP_URL ||= "http://127.0.0.1:3999";
process.env.SCOPES ||= "read_products,read_inventory,write_inventory,read_orders,read_locations,write_products,write_publications";
process.env.WORKER ??= "off";
process.env.LOG_LEVEL ||= "silent";
// Session tokens are encrypted at rest in every test, under a key generated per test file.
process.env.SESSION_ENCRYPTION_KEY ||= `test:${randomBytes(32).toString("base64")}`;

// A private database per test file: a copy of the run's migrated template.
const template = process.env.TEMPLATE_DATABASE_URL!;
const id = randomUUID().replaceAll("-", "").slice(0, 12);
if (template.startsWith("file:")) {
  const file = join(process.env.TEST_DB_DIR!, `f_${id}.sqlite`);
  copyFileSync(template.slice("file:".length), file);
  process.env.DATABASE_URL = `file:${file}`;
} else {
  const base = template.slice(0, template.lastIndexOf("/"));
  const name = `${process.env.TEST_DB_PREFIX}_f_${id}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template.slice(template.lastIndexOf("/") + 1)}"`);
  await admin.end();
  process.env.DATABASE_URL = `${base}/${name}`;
}

// No test may reach Shopify's real hosts (or any other): such a fetch fails the test.
const { installNetworkGuard } = await import("../../dev/network-guard");
installNetworkGuard();
