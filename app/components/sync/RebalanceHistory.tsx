import { Link } from "@remix-run/react";
import { BlockStack, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { GroupView } from "./types";

/** The group's latest rebalances: which store gave or got units, for which SKU, and why. */
export function RebalanceHistory({ g }: { g: GroupView }) {
  if (g.protection === "off" && g.rebalances.length === 0) return null;
  const store = (shop: string) => shop.replace(/\.myshopify\.com$/, "");
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">Rebalance history</Text>
        <Link to="/app/activity?show=rebalances">All rebalances in Activity</Link>
      </InlineStack>
      {g.rebalances.length === 0 ? (
        <Text as="p" tone="subdued">No rebalances yet: units move when a store sells, when stock runs low, or when a store runs out while the pool still has units.</Text>
      ) : (
        <div data-testid="rebalance-history">
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "text"]}
            headings={["When (UTC)", "Store", "SKU", "Move", "Store shows", "Pool", "Cause"]}
            rows={g.rebalances.map((e) => [
              new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19),
              store(e.shop),
              e.sku ?? "",
              e.result === "taken" ? `taken ${-e.delta}` : e.result === "given" ? `given ${e.delta}` : e.result,
              e.valueAfter ?? "",
              e.poolAfter ?? "",
              e.detail ?? "",
            ])}
          />
        </div>
      )}
    </BlockStack>
  );
}
