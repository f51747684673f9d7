#!/usr/bin/env bash
# Generates the Prisma client for the provider DATABASE_URL names (SQLite by default), only
# when it is not already generated for that provider and schema.
set -euo pipefail
cd "$(dirname "$0")/.."
provider=sqlite
case "${DATABASE_URL:-}" in postgres://*|postgresql://*) provider=postgresql ;; esac
schema=prisma/schema.prisma; [ "$provider" = postgresql ] && schema=prisma/postgres/schema.prisma
stamp=node_modules/.prisma/client/.stockroom-generated
want="$provider-$(sha256sum "$schema" | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
mkdir -p .cache
echo "› prisma generate ($provider)"
node_modules/.bin/prisma generate >.cache/prisma-generate.log 2>&1 || { cat .cache/prisma-generate.log; exit 1; }
echo "$want" > "$stamp"
