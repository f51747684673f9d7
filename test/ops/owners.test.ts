// Exception routing: rules name the owner and SLA at open time; without a rule, the first
// manual assignment ends the time-to-owner clock; the trail records the staff member.
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { recordManualAssignment } from "../../app/owners/routing.server";
import { OwnerRuleError, saveOwnerRule } from "../../app/owners/rules.server";
import { staffMember } from "../../app/owners/staff.server";
import { actOnException } from "../../app/sync/admin.server";
import { openException } from "../../app/sync/exceptions.server";
import { productionSyncDeps } from "../../app/sync/production.server";

const NORTH = "owners-north.myshopify.com";
const SOUTH = "owners-south.myshopify.com";

describe("exception routing", () => {
  it("the store's own rule wins, else the group owner's; the SLA follows the rule", async () => {
    const group = await prisma.syncGroup.create({ data: { name: "g", ownerShop: NORTH, status: "active" } });
    await prisma.syncMember.createMany({ data: [{ groupId: group.id, shop: NORTH, locationId: "l1" }, { groupId: group.id, shop: SOUTH, locationId: "l2" }] });
    await saveOwnerRule(NORTH, { class: "drift", owner: "ops@north.test", slaHours: 6 });
    await saveOwnerRule(SOUTH, { class: "oversell", owner: "Kim", slaHours: 1 });
    await expect(saveOwnerRule(NORTH, { class: "drift", owner: " ", slaHours: 2 })).rejects.toThrow(OwnerRuleError);
    await expect(saveOwnerRule(NORTH, { class: "nope", owner: "x", slaHours: 2 })).rejects.toThrow(OwnerRuleError);

    const { exception: drift } = await openException({ class: "drift", groupId: group.id, shop: SOUTH, sku: "A", subject: "A", title: "drift at south" });
    expect(drift.owner).toBe("ops@north.test");
    expect(drift.slaDueAt.getTime() - drift.createdAt.getTime()).toBe(6 * 3_600_000);
    expect(JSON.parse(drift.trail).at(-1)).toMatchObject({ by: "routing rule", action: "assigned:ops@north.test" });
    const { exception: oversell } = await openException({ class: "oversell", groupId: group.id, shop: SOUTH, sku: "B", subject: "B", title: "oversell" });
    expect(oversell.owner).toBe("Kim");
    // A recurrence of an open exception is the same exception: no second routing.
    const again = await openException({ class: "drift", groupId: group.id, shop: SOUTH, sku: "A", subject: "A", title: "drift again" });
    expect(again.created).toBe(false);
    const own = await prisma.exceptionOwnership.findMany({ orderBy: { openedAt: "asc" } });
    expect(own.map((o) => [o.class, o.source, o.owner])).toEqual([["drift", "rule", "ops@north.test"], ["oversell", "rule", "Kim"]]);
    expect(own.every((o) => o.assignedAt !== null)).toBe(true);
  });

  it("without a rule the first manual assignment is measured, with who did it", async () => {
    const { exception } = await openException({ class: "unknown_sku", shop: NORTH, subject: "item-1", title: "item 1 not in the catalog" });
    expect(exception.owner).toBeNull();
    expect(await prisma.exceptionOwnership.findUniqueOrThrow({ where: { exceptionId: exception.id } })).toMatchObject({ owner: null, assignedAt: null });
    const by = staffMember({ shop: NORTH, onlineAccessInfo: { associated_user: { id: 7, first_name: "Ana", last_name: "Diaz", email: "ana@north.test" } } as never });
    expect(by).toBe("Ana Diaz <ana@north.test>");
    await actOnException(productionSyncDeps, NORTH, exception.id, { action: "assign", owner: "Ana", note: "", by });
    const first = await prisma.exceptionOwnership.findUniqueOrThrow({ where: { exceptionId: exception.id } });
    expect(first).toMatchObject({ owner: "Ana", source: "manual", assignedBy: "Ana Diaz <ana@north.test>" });
    await recordManualAssignment(exception, "Bo", "someone else");
    const second = await prisma.exceptionOwnership.findUniqueOrThrow({ where: { exceptionId: exception.id } });
    expect(second.owner).toBe("Bo");
    expect(second.assignedAt).toEqual(first.assignedAt);
    // Overrides need a reason, and the trail names the staff member.
    await expect(actOnException(productionSyncDeps, NORTH, exception.id, { action: "accept_store", note: " ", by })).rejects.toThrow(/note/);
    await actOnException(productionSyncDeps, NORTH, exception.id, { action: "accept_store", note: "checked the shelf", by });
    const resolved = await prisma.syncException.findUniqueOrThrow({ where: { id: exception.id } });
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "Ana Diaz <ana@north.test>", resolutionNote: "checked the shelf" });
  });
});

describe("compliance", () => {
  it("shop/redact erases the operations data; customers/redact the stock notes of its orders", async () => {
    await import("../../app/kpi/privacy.server");
    const { customerDataProviders, shopDataProviders } = await import("../../app/privacy/registry.server");
    const shop = "owners-gone.myshopify.com";
    await prisma.alertChannel.create({ data: { shop, kind: "email", target: "ops@gone.test" } });
    await prisma.ownerRule.create({ data: { shop, class: "drift", owner: "x", slaHours: 1 } });
    await prisma.cartStockNote.createMany({ data: [{ shop, checkoutToken: "c1", variantId: "1", status: "low", orderId: "55" }, { shop, checkoutToken: "c2", variantId: "1", status: "ok", orderId: "56" }] });
    const ops = customerDataProviders().find((p) => p.name === "operations")!;
    expect(await ops.exportCustomer(shop, "9", { orderIds: ["55"] })).toMatchObject([{ orderId: "55", stockNote: "low" }]);
    expect(await ops.eraseCustomer(shop, "9", { orderIds: ["55"] })).toBe(1);
    expect(await prisma.cartStockNote.count({ where: { shop } })).toBe(1);
    expect(await shopDataProviders().find((p) => p.name === "operations")!.eraseShop(shop)).toBe(3);
    expect(await prisma.alertChannel.count({ where: { shop } })).toBe(0);
  });
});
