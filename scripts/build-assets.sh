#!/usr/bin/env bash
# Builds what the app's storefront and checkout pieces load, so no start path serves a 404:
# the storefront widget (extensions/stock-widget/assets/stockroom-loader.js, stockroom-ui.js)
# and the checkout UI extension bundles (extensions/<name>/dist/). Both are built, not
# committed (.gitignore). Run by `npm run demo`, before `npm start` (prestart) and before
# `shopify app dev` (shopify.web.toml predev). About two seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/vite ] || [ ! -x node_modules/.bin/esbuild ]; then
  # A production install without devDependencies: Shopify serves these bundles from its CDN
  # after `shopify app deploy`, so the app server does not need them.
  echo "› widget and extension bundles not built (no devDependencies installed)"
  exit 0
fi
npm run -s build:widget >/dev/null
npm run -s build:extensions >/dev/null
echo "› built the storefront widget and the checkout extension bundles"
