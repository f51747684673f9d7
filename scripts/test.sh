#!/usr/bin/env bash
# The README's test command, and what CI runs: lint, types, builds with their size budgets and
# theme-check, unit + integration tests on SQLite, the database suite again on PostgreSQL,
# and the browser tests in Chromium. Sets itself up first (Node 22, npm ci, codegen, Prisma).
#
# PostgreSQL and Chromium come from Debian (apt-get install -y postgresql chromium). Without
# them the PostgreSQL and browser stages are reported as not run and the command fails, unless
# STOCKROOM_ALLOW_MISSING=1 (then it says loudly what it did not run). .ci/run installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/node22.sh
unset DATABASE_URL

mkdir -p .cache
results=()
missing=()
step() { printf '\n\033[1m══ %s\033[0m\n' "$*"; }
npm_script_exists() { node -e "process.exit(require('./package.json').scripts?.['$1'] ? 0 : 1)"; }
vitest_run() { # name config [args…]
  local name=$1 config=$2; shift 2
  node_modules/.bin/vitest run -c "$config" --reporter=default --reporter=json --outputFile.json=".cache/vitest-$name.json" "$@"
  results+=(".cache/vitest-$name.json")
}

step "lint"
node_modules/.bin/eslint .
step "typecheck"
node_modules/.bin/tsc --noEmit
if npm_script_exists typecheck:extensions; then npm run -s typecheck:extensions; fi

step "build: storefront widget (size budget), theme-check, checkout extensions (size budget), app"
npm_script_exists build:widget && npm run -s build:widget
npm_script_exists theme-check && npm run -s theme-check
npm_script_exists build:extensions && npm run -s build:extensions
node_modules/.bin/remix vite:build >.cache/remix-build.log 2>&1 || { cat .cache/remix-build.log; exit 1; }
echo "remix vite:build ok"

step "unit + integration tests (SQLite)"
vitest_run sqlite vitest.config.ts

step "fault injection + fuzz (SQLite; the production build in child processes)"
FUZZ_RUNS=${FUZZ_RUNS:-5000} FAULT_KILLS=${FAULT_KILLS:-20} FAULT_ORDERS=${FAULT_ORDERS:-100} vitest_run hardening-sqlite vitest.hardening.config.ts

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ]; then
  step "database tests (PostgreSQL)"
  eval "$(scripts/pg-cluster.sh start)"
  trap 'scripts/pg-cluster.sh stop; DATABASE_URL= scripts/prisma-generate.sh >/dev/null' EXIT
  DATABASE_URL="$PG_BASE_URL/postgres" scripts/prisma-generate.sh
  # The suites that touch the database (the stand-in and pure-logic suites do not).
  TEST_DB=postgres SYNC_PROPERTY_RUNS=${PG_PROPERTY_RUNS:-100} vitest_run postgres vitest.config.ts test/foundation test/sync test/checkout test/widget test/security test/ops test/channels test/restock
  TEST_DB=postgres FAULT_KILLS=${FAULT_KILLS:-20} FAULT_ORDERS=${FAULT_ORDERS:-100} vitest_run hardening-postgres vitest.hardening.config.ts test/fault
  scripts/pg-cluster.sh stop
  trap - EXIT
  scripts/prisma-generate.sh
else
  missing+=("PostgreSQL (apt-get install -y postgresql)")
fi

if [ -x /usr/bin/chromium ]; then
  step "browser tests (Chromium via Playwright)"
  vitest_run e2e vitest.e2e.config.ts
else
  missing+=("Chromium (apt-get install -y chromium)")
fi

node -e '
const files = process.argv.slice(1);
let passed = 0, failed = 0, skipped = 0;
for (const f of files) { const r = require(require("path").resolve(f)); passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0); }
console.log(`\nall suites: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "${results[@]}"
if [ ${#missing[@]} -gt 0 ]; then
  printf '\nNOT RUN — missing on this machine: %s\n' "${missing[*]}"
  [ "${STOCKROOM_ALLOW_MISSING:-0}" = 1 ] || exit 1
fi
