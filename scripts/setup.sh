#!/usr/bin/env bash
# Brings a clone to a runnable state; safe to run again (each step skips when up to date):
# Node 22, npm ci, Shopify's Admin schema, GraphQL types, the Prisma client for DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh

stamp=node_modules/.stockroom-installed
want="$(node -p 'process.version')-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "› npm ci (first run compiles better-sqlite3, about a minute)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

node scripts/extract-admin-schema.mjs
if [ ! -f app/types/admin.generated.d.ts ] || [ -n "$(find app -name '*.ts*' -newer app/types/admin.generated.d.ts -not -path 'app/types/*' -print -quit)" ]; then
  echo "› graphql-codegen (Admin API types from the local 2026-10 schema)"
  node_modules/.bin/graphql-codegen --silent
fi
node scripts/gen-pg-schema.mjs
scripts/prisma-generate.sh
