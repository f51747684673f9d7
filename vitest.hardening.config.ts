import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// The fault-injection and fuzz suites (test/fault, test/fuzz): each file starts the production
// build in child processes against its own database and the dev/ stand-in, so one file at a
// time. CI runs them at a size that fits; `npm run test:fault:long` / `test:fuzz:long` run more.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["test/fault/**/*.test.ts", "test/fuzz/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/env.ts"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
  },
});
