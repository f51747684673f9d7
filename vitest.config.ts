import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Unit + integration tests. Browser (Playwright) tests live in test/e2e and run with
// vitest.e2e.config.ts. DB-touching tests use DATABASE_URL (SQLite by default; the test
// command runs them again against PostgreSQL).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // *.pg.test.ts need PostgreSQL (pg-boss across processes): only in the PostgreSQL run.
    exclude: ["test/e2e/**", "test/fault/**", "test/fuzz/**", "node_modules/**", ...(process.env.TEST_DB === "postgres" ? [] : ["test/**/*.pg.test.ts"])],
    environment: "node",
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/env.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
