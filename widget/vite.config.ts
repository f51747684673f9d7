// Builds the storefront widget into the theme app extension's assets (gitignored):
//   vite build -c widget/vite.config.ts --mode loader  -> assets/stockroom-loader.js (classic IIFE,
//                                                          the block's schema "javascript")
//   vite build -c widget/vite.config.ts --mode ui      -> assets/stockroom-ui.js (ES module with
//                                                          Preact, imported by the loader)
//   vite build -c widget/vite.config.ts --mode notify  -> assets/stockroom-notify.js (ES module, the
//                                                          back-in-stock form, imported only on sold out)
// `npm run build:widget` runs both and then scripts/widget-size.mjs (budgets, DESIGN §8).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(({ mode }) => {
  const part = mode === "ui" ? "ui" : mode === "notify" ? "notify" : "loader";
  return {
    root: here("."),
    publicDir: false,
    logLevel: "warn",
    esbuild: { legalComments: "none" },
    build: {
      outDir: here("../extensions/stock-widget/assets"),
      emptyOutDir: false, // assets/ also holds the hand-written stockroom.css
      target: "es2020",
      minify: "esbuild",
      modulePreload: false,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: here(`src/${part}.ts`),
        preserveEntrySignatures: part === "loader" ? false : "exports-only",
        output: {
          format: part === "loader" ? "iife" : "es",
          entryFileNames: `stockroom-${part}.js`,
          inlineDynamicImports: true,
        },
      },
    },
  };
});
