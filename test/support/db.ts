import prisma from "../../app/db.server";

/** Empties the tables a test touches (tests in one file share the run's database). */
export async function resetDb(): Promise<void> {
  await prisma.$transaction([
    prisma.job.deleteMany(),
    prisma.jobSchedule.deleteMany(),
    prisma.webhookInbox.deleteMany(),
    prisma.privacyRequest.deleteMany(),
    prisma.shopOrder.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.session.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
}
