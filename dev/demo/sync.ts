// Demo step: north and south linked in an active sync group, through the same domain functions
// the Sync page calls: north creates the group on its warehouse, south joins with the share key
// on its own, north previews the starting pool (north's counts are the truth) and enables it.
import type { DemoContext } from "./context.ts";
import { locationGid, WAREHOUSE } from "./context.ts";

export async function linkShops(ctx: DemoContext): Promise<void> {
  const { productionSyncDeps: deps } = await ctx.app<typeof import("../../app/sync/production.server")>("/app/sync/production.server.ts");
  const { createGroup, joinGroup } = await ctx.app<typeof import("../../app/sync/membership.server")>("/app/sync/membership.server.ts");
  const { previewStart, enableGroup } = await ctx.app<typeof import("../../app/sync/enable.server")>("/app/sync/enable.server.ts");
  const { group, shareKey } = await createGroup(deps, ctx.north, { name: "North + South", locationId: locationGid(ctx, ctx.north, WAREHOUSE[ctx.north]) });
  await joinGroup(deps, ctx.south, shareKey, { locationId: locationGid(ctx, ctx.south, WAREHOUSE[ctx.south]) });
  let plan = await previewStart(deps, group.id, ctx.north, { kind: "store", shop: ctx.north });
  for (let attempt = 0; ; attempt++) {
    const result = await enableGroup(deps, group.id, ctx.north, { planId: plan.id });
    if (result.status === "enabled") break;
    // A level moved between preview and enable (a webhook of the staging step): confirm the fresh plan.
    if (attempt >= 5) throw new Error(`demo: the starting plan keeps changing (${result.changed.join(", ")})`);
    plan = result.plan;
  }
  ctx.facts.groupId = group.id;
}
