// Demo step: the open exception a newcomer finds on the Exceptions page. Enabling the group
// opened it for real (north's old listing reuses a SKU, see featured.ts); this step checks it is
// there and says where to look.
import type { DemoContext } from "./context.ts";
import { waitFor } from "./context.ts";
import { shopUrls } from "../kit.ts";

export async function pointAtException(ctx: DemoContext): Promise<void> {
  const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
  const open = await waitFor("the SKU conflict exception", () => prisma.syncException.findFirst({ where: { groupId: ctx.facts.groupId, status: "open", class: "sku_conflict" } }), 30_000);
  ctx.print(ctx.north, {
    label: "Exceptions",
    url: shopUrls(ctx.standin.url, ctx.north).admin("exceptions"),
    hint: `one open SKU conflict: two north listings share ${open.sku} — open it, assign an owner, read its trail`,
  });
}
