// Build-time constants. Shopify's CLI defines `process.env.APP_URL` (the app's URL) and every
// variable from the app's .env for UI extensions with esbuild `define`; scripts/build-extensions.mjs
// does the same. Nothing else from `process` exists at runtime.
declare const process: { env: { APP_URL?: string; NODE_ENV?: string } };
