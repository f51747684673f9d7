// Endpoint records and the delivery log the Channels page shows.
import { randomBytes } from "node:crypto";
import prisma from "../db.server";
import { startCursors } from "./cursors.server";
import { EndpointInput } from "./schema";

export async function createEndpoint(shop: string, input: unknown) {
  const e = EndpointInput.parse(input);
  // Events from this moment on reach the endpoint, whenever the tail next runs.
  await startCursors();
  return prisma.channelEndpoint.create({ data: { shop, name: e.name, url: e.url, secret: `whsec_${randomBytes(24).toString("hex")}`, events: JSON.stringify(e.events), skus: JSON.stringify(e.skus) } });
}

export async function deleteEndpoint(shop: string, id: string) {
  const e = await prisma.channelEndpoint.findFirst({ where: { id, shop } });
  if (!e) return 0;
  await prisma.$transaction([prisma.channelDelivery.deleteMany({ where: { endpointId: id } }), prisma.channelEndpoint.delete({ where: { id } })]);
  return 1;
}

export async function eraseShopChannels(shop: string): Promise<number> {
  const [d, e, ev] = await prisma.$transaction([
    prisma.channelDelivery.deleteMany({ where: { shop } }),
    prisma.channelEndpoint.deleteMany({ where: { shop } }),
    prisma.channelEvent.deleteMany({ where: { shop } }),
  ]);
  return d.count + e.count + ev.count;
}
