// Per-shop exception routing rules: class → owner (a name or an email address) and SLA.
import prisma from "../db.server";
import { EXCEPTION_CLASSES, type ExceptionClass } from "../sync/exception-classes";

export class OwnerRuleError extends Error {
  override name = "OwnerRuleError";
}

export const MAX_SLA_HOURS = 24 * 30;

export async function listOwnerRules(shop: string) {
  return prisma.ownerRule.findMany({ where: { shop }, orderBy: { class: "asc" } });
}

export async function saveOwnerRule(shop: string, input: { class: string; owner: string; slaHours: number }) {
  if (!EXCEPTION_CLASSES.includes(input.class as ExceptionClass)) throw new OwnerRuleError(`Unknown exception class "${input.class}"`);
  const owner = input.owner.trim();
  if (!owner || owner.length > 200) throw new OwnerRuleError("The owner needs a name or an email address (at most 200 characters)");
  if (!Number.isInteger(input.slaHours) || input.slaHours < 1 || input.slaHours > MAX_SLA_HOURS) throw new OwnerRuleError(`The SLA is a whole number of hours from 1 to ${MAX_SLA_HOURS}`);
  return prisma.ownerRule.upsert({
    where: { shop_class: { shop, class: input.class } },
    create: { shop, class: input.class, owner, slaHours: input.slaHours },
    update: { owner, slaHours: input.slaHours },
  });
}

export async function deleteOwnerRule(shop: string, id: string): Promise<boolean> {
  const { count } = await prisma.ownerRule.deleteMany({ where: { shop, id } });
  return count > 0;
}
