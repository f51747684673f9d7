// Demo step: a supplier feed in north-shop (one applied run, one held by the circuit breaker)
// and an outbound endpoint on a local "ERP" receiver (this process) with a signed test event.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { shopUrls } from "../kit.ts";
import { locationGid, WAREHOUSE, waitFor, type DemoContext } from "./context.ts";

export async function seedChannels(ctx: DemoContext): Promise<void> {
  const shop = ctx.north;
  const { default: prisma } = await ctx.app<typeof import("../../app/db.server")>("/app/db.server.ts");
  const feeds = await ctx.app<typeof import("../../app/feeds/index.server")>("/app/feeds/index.server.ts");
  const { createFeed, updateThresholds } = await ctx.app<typeof import("../../app/feeds/feeds.server")>("/app/feeds/feeds.server.ts");
  const { startRun } = await ctx.app<typeof import("../../app/feeds/plan.server")>("/app/feeds/plan.server.ts");
  const { once } = await ctx.app<typeof import("../../app/feeds/sources.server")>("/app/feeds/sources.server.ts");
  const skus = (await prisma.catalogVariant.findMany({ where: { shop, sku: { not: null } }, orderBy: { sku: "asc" }, take: 5, select: { sku: true } })).map((v) => v.sku!);
  const feed = await createFeed(shop, { name: "Acme Supply (demo)", source: "push", target: "location", locationId: locationGid(ctx, shop, WAREHOUSE[shop]), mapping: { sku: "SKU", quantity: "Qty" }, changePct: 100, zeroPct: 100 });
  const first = await startRun(feeds.productionFeedDeps, { feed, trigger: "push", body: once(`SKU;Qty\n${skus.map((s, i) => `${s};${20 + i}`).join("\n")}\nACME-UNKNOWN;3\n`) });
  await waitFor("the demo feed's first run", async () => (await prisma.feedRun.findUnique({ where: { id: first.id } }))?.status === "applied");
  await updateThresholds(shop, feed.id, { zeroPct: 20, changePct: 50, maxAgeMinutes: 24 * 60, staleBuffer: 2 });
  const fresh = await prisma.feed.findUniqueOrThrow({ where: { id: feed.id } });
  const held = await startRun(feeds.productionFeedDeps, { feed: fresh, trigger: "upload", body: once(`SKU;Qty\n${skus.map((s, i) => `${s};${i < 3 ? 0 : 20 + i}`).join("\n")}\n`) });

  // A local receiver plays the ERP; the operator's allowance lets the app reach it on loopback.
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("received by the demo ERP"));
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiver.unref();
  const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  process.env.OUTBOUND_ALLOW_ORIGINS = [process.env.OUTBOUND_ALLOW_ORIGINS, origin].filter(Boolean).join(",");
  const { createEndpoint } = await ctx.app<typeof import("../../app/channels/endpoints.server")>("/app/channels/endpoints.server.ts");
  const channels = await ctx.app<typeof import("../../app/channels/index.server")>("/app/channels/index.server.ts");
  const { sendTestEvent } = await ctx.app<typeof import("../../app/channels/page.server")>("/app/channels/page.server.ts");
  const endpoint = await createEndpoint(shop, { name: "Demo ERP", url: `${origin}/stockroom` });
  await sendTestEvent(channels.productionChannelDeps, shop, endpoint.id);

  const urls = shopUrls(ctx.standin.url, shop);
  ctx.print(shop, { label: "Feeds", url: urls.admin(`feeds?feed=${feed.id}&run=${held.id}`), hint: "a run held by the circuit breaker (it would zero 3 of 5 SKUs): read the dry run, approve or reject; upload your own CSV with “Add feed”" });
  ctx.print(shop, { label: "Channels", url: urls.admin(`channels?endpoint=${endpoint.id}`), hint: "a signed test event delivered to the demo ERP; “Send test event”, replay a delivery" });
}
