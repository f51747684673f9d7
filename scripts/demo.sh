#!/usr/bin/env bash
# The README's first command: set up, migrate the SQLite demo database, then run dev/demo.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The storefront widget and checkout extension bundles (the product page loads stockroom-loader.js).
bash scripts/build-assets.sh
source scripts/node22.sh
export NODE_ENV=development
# The stand-in keeps its shops in memory, so the demo starts from a fresh database each run
# (tokens from an earlier run would not be valid in the new stand-in).
export DATABASE_URL="${DEMO_DATABASE_URL:-file:./prisma/demo.sqlite}"
case "$DATABASE_URL" in file:*) rm -f "${DATABASE_URL#file:}" "${DATABASE_URL#file:}-wal" "${DATABASE_URL#file:}-shm" ;; esac
exec node --import tsx dev/demo.ts "$@"
