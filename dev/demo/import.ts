// Demo step: each shop's first catalog + stock import, as the Sync page's "Import catalog and
// stock" button starts it, and a wait until both have landed (the later steps read the catalog).
import type { DemoContext } from "./context.ts";
import { waitFor } from "./context.ts";

export async function importCatalogs(ctx: DemoContext): Promise<void> {
  const { startImport } = await ctx.app<typeof import("../../app/import/start.server")>("/app/import/start.server.ts");
  const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
  for (const shop of [ctx.north, ctx.south]) await startImport(shop);
  await waitFor("the catalog imports", async () => (await prisma.importRun.count({ where: { shop: { in: [ctx.north, ctx.south] }, status: "completed" } })) >= 2);
}
