import prisma from "./db.server";
import { queue } from "./queue/index.server";

/** Called after every successful auth: marks the shop installed (again) with its granted scopes. */
export async function recordInstall(shop: string, scopes: string | undefined) {
  await prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, scopes: scopes ?? null },
    update: { scopes: scopes ?? null, uninstalledAt: null },
  });
  await queue.enqueue({ name: "shop.refreshInfo", payload: { shop }, shop });
}

export async function isInstalled(shop: string): Promise<boolean> {
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  return !!row && row.uninstalledAt === null;
}

/**
 * app/uninstalled: the shop's tokens are already revoked. Forget the sessions, stop its
 * queued work and mark it uninstalled; its data stays until shop/redact (48 h later),
 * so a quick reinstall finds everything.
 */
export async function markUninstalled(shop: string): Promise<void> {
  await prisma.$transaction([
    prisma.session.deleteMany({ where: { shop } }),
    prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, uninstalledAt: new Date() },
      update: { uninstalledAt: new Date() },
    }),
  ]);
  await queue.cancelShopJobs(shop);
}

/** app/scopes_update: keep the granted scopes on the shop and on its stored sessions. */
export async function updateScopes(shop: string, current: string[]): Promise<void> {
  const scope = current.join(",");
  await prisma.$transaction([
    prisma.shop.updateMany({ where: { domain: shop }, data: { scopes: scope } }),
    prisma.session.updateMany({ where: { shop }, data: { scope } }),
  ]);
}
