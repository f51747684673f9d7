// /privacy is public and generated: every table that holds a shop's rows is on it (described or
// not), and the customer-data features come from the privacy registry.
import { describe, expect, it } from "vitest";
import { Prisma } from "@prisma/client";
import { loader } from "../../app/routes/privacy";
import { registerCustomerData } from "../../app/privacy/registry.server";

describe("privacy policy page", () => {
  it("lists every shop table and every registered customer-data feature, without authentication", async () => {
    registerCustomerData({ name: "late-feature", exportCustomer: async () => null, eraseCustomer: async () => 0 });
    const policy = await loader();
    const tables = Prisma.dmmf.datamodel.models.filter((m) => m.fields.some((f) => f.name === "shop" && f.kind === "scalar")).map((m) => m.name);
    expect(tables.length).toBeGreaterThan(20);
    for (const t of [...tables, "Shop"]) expect(policy.shopTables.map((r) => r.table)).toContain(t);
    expect(policy.shopTables.find((r) => r.table === "ShopPlan")?.what).toMatch(/plan/i);
    for (const r of policy.shopTables) expect(r.what.length).toBeGreaterThan(5);
    expect(policy.customerData).toEqual(expect.arrayContaining(["orders", "surveys", "late-feature"]));
  });
});
