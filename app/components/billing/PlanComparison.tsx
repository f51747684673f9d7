// The three plans side by side (the Plans page and every upgrade banner use it).
import type { ReactNode } from "react";
import { Badge, BlockStack, Box, Card, InlineGrid, InlineStack, List, Text } from "@shopify/polaris";
import { FEATURE_LABEL, formatLimit, PLANS, TRIAL_DAYS, type PlanId, type PlanSpec } from "../../billing/plans";

function limits(p: PlanSpec): string[] {
  const stores = Number.isFinite(p.linkedStores) ? `${p.linkedStores} linked store${p.linkedStores === 1 ? "" : "s"}` : "Unlimited linked stores";
  const skus = Number.isFinite(p.skus) ? `${formatLimit(p.skus)} synced SKUs` : "Unlimited SKUs";
  return [stores, skus, ...p.features.map((f) => FEATURE_LABEL[f])];
}

export function PlanComparison({ current, highlight, action }: { current: PlanId; highlight?: PlanId; action?: (p: PlanSpec) => ReactNode }) {
  return (
    <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
      {PLANS.map((p) => (
        <Card key={p.id}>
          <div data-testid={`plan-${p.id}`}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h3" variant="headingMd">
                  {p.name}
                </Text>
                {p.id === current ? <Badge tone="success">Current plan</Badge> : p.id === highlight ? <Badge tone="attention">Needed</Badge> : null}
              </InlineStack>
              <Text as="p" variant="headingLg">
                {p.price === 0 ? "Free" : `$${p.price} / 30 days`}
              </Text>
              <Text as="p" tone="subdued">
                {p.price === 0 ? "No charge, no card" : `${TRIAL_DAYS}-day free trial, billed by Shopify`}
              </Text>
              <Box minHeight="120px">
                <List>
                  {limits(p).map((l) => (
                    <List.Item key={l}>{l}</List.Item>
                  ))}
                </List>
              </Box>
              {action?.(p)}
            </BlockStack>
          </div>
        </Card>
      ))}
    </InlineGrid>
  );
}
