import { describe, expect, it } from "vitest";
import { blockedRequests } from "../../dev/network-guard";

describe("tests cannot reach Shopify", () => {
  it("refuses a request to a real Shopify host, and the app's own seam never produces one", async () => {
    const err = await fetch("https://north-shop.myshopify.com/admin/api/2026-10/graphql.json").catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("network guard");
    expect(blockedRequests).toContain("https://north-shop.myshopify.com/admin/api/2026-10/graphql.json");
  });
});
