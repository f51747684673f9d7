import type { ExceptionSink } from "./engine-types";
import type { ItemCtx } from "./item-state.server";

export async function raiseOversell(exceptions: ExceptionSink, ctx: ItemCtx) {
  await exceptions({
    class: "oversell",
    groupId: ctx.group.id,
    shop: ctx.group.ownerShop,
    sku: ctx.item.sku,
    subject: ctx.item.sku,
    title: `Orders took ${-ctx.item.pool} more unit(s) of ${ctx.item.sku} than the pool had`,
    amount: ctx.item.pool,
    members: ctx.links.map((l) => ({ shop: l.shop, lastSeen: l.lastSeen })),
  });
}

export async function raiseWriteFailed(exceptions: ExceptionSink, ctx: ItemCtx, error: unknown) {
  await exceptions({
    class: "write_failed",
    groupId: ctx.group.id,
    shop: ctx.group.ownerShop,
    sku: ctx.item.sku,
    subject: ctx.item.sku,
    title: `Writing ${ctx.item.sku} failed after retries`,
    detail: String(error).slice(0, 2_000),
    members: ctx.links.map((l) => ({ shop: l.shop, lastSeen: l.lastSeen })),
  });
}
