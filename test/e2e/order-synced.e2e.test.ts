// order.synced end to end: the real app (Remix through Vite in this process, embedded worker) and
// the stand-in, north-shop and south-shop linked in one shared-pool group. A real order in
// north for two synced SKUs → the engine applies both lines to the pool (order-caused stock
// events) → the outbound tail emits one order.synced → its signed delivery reaches a local HTTP
// receiver, and the signature verifies with the recipe in docs/channels.md.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Standin } from "../../dev/kit.ts";
import { startAppWithStandin, type AppWithStandin } from "../../dev/app-with-standin.ts";
import { linkStores } from "./support-sync";

let app: AppWithStandin;
let standin: Standin;
let receiver: http.Server;
let receiverOrigin: string;
const received: { headers: http.IncomingHttpHeaders; raw: Buffer }[] = [];

beforeAll(async () => {
  receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // The operator's allowance for this local receiver (the address rule stays on for all else).
  process.env.OUTBOUND_ALLOW_ORIGINS = receiverOrigin;
  app = await startAppWithStandin({ worker: true, install: ["north-shop", "south-shop"] });
  standin = app.standin;
}, 240_000);

afterAll(async () => {
  await app?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
});

type Levels = { levels: { locationId: number; available: number }[] };
const levels = (shop: string, sku: string) => (standin.control.stock({ shop, sku }) as unknown as Levels).levels;

/** The documented recipe (docs/channels.md, "Verifying the signature"). */
function verify(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("base64"));
  const given = Buffer.from(header ?? "");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe("order.synced", () => {
  it("a real order for two synced SKUs → one signed order.synced delivery with both lines, verified by the receiver", async () => {
    // Mirroring (protection Off): the test waits for south to show north's count before the order.
    await linkStores(app, { protection: "off" });
    const load = <T,>(path: string) => app.vite.ssrLoadModule(path) as Promise<T>;
    const { createEndpoint } = await load<typeof import("../../app/channels/endpoints.server")>("/app/channels/endpoints.server.ts");
    const { ensureChannelSchedules } = await load<typeof import("../../app/channels/index.server")>("/app/channels/index.server.ts");
    const endpoint = await createEndpoint("north-shop.myshopify.com", { name: "ERP", url: `${receiverOrigin}/stockroom`, events: ["order.synced"] });
    await ensureChannelSchedules(); // what opening the Channels page does

    type S = { products: { variants: { sku: string | null }[] }[] };
    const skusOf = (shop: string) => new Set((standin.control.state({ shop }) as S).products.flatMap((p) => p.variants.map((v) => v.sku)).filter((s): s is string => !!s));
    const south = skusOf("south-shop");
    const [a, b] = [...skusOf("north-shop")].filter((s) => south.has(s) && levels("north-shop", s)[0].available >= 3).sort();
    for (const sku of [a, b]) await expect.poll(() => levels("south-shop", sku)[0].available, { timeout: 90_000 }).toBe(levels("north-shop", sku)[0].available);
    const southBefore = { a: levels("south-shop", a)[0].available, b: levels("south-shop", b)[0].available };
    await standin.control.waitForDeliveries({ timeoutMs: 180_000 });

    const order = standin.control.placeOrder({ shop: "north-shop", lines: [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }], locationId: levels("north-shop", a)[0].locationId, email: "buyer@example.test" });
    await expect.poll(() => received.filter((r) => r.headers["x-stockroom-event-type"] === "order.synced").length, { timeout: 120_000, interval: 500 }).toBe(1);
    const delivery = received.find((r) => r.headers["x-stockroom-event-type"] === "order.synced")!;
    expect(verify(endpoint.secret, delivery.raw, delivery.headers["x-stockroom-hmac-sha256"] as string)).toBe(true);
    expect(verify(endpoint.secret, Buffer.concat([delivery.raw, Buffer.from(" ")]), delivery.headers["x-stockroom-hmac-sha256"] as string)).toBe(false);
    const body = JSON.parse(delivery.raw.toString("utf8"));
    expect(delivery.headers["x-stockroom-event-id"]).toBe(body.id);
    expect(body).toMatchObject({ type: "order.synced", version: "2026-12", shop: "north-shop.myshopify.com" });
    expect(body.data).toEqual({ orderId: `gid://shopify/Order/${order.id}`, shop: "north-shop.myshopify.com", lines: [{ sku: a, quantity: 1 }, { sku: b, quantity: 2 }].sort((x, y) => x.sku.localeCompare(y.sku)) });
    // The group felt it: south's numbers follow.
    await expect.poll(() => [levels("south-shop", a)[0].available, levels("south-shop", b)[0].available], { timeout: 60_000 }).toEqual([southBefore.a - 1, southBefore.b - 2]);
    // Exactly one, also after more tail passes.
    await new Promise((r) => setTimeout(r, 6_000));
    expect(received.filter((r) => r.headers["x-stockroom-event-type"] === "order.synced")).toHaveLength(1);
  }, 600_000);
});
