// "Nothing here yet" with the next step, inside a card. Polaris's EmptyState without an
// illustration swaps a skeleton image for nothing after load, which shifts the layout; this
// keeps the same message and action with a fixed layout.
import type { ReactNode } from "react";
import { BlockStack, Box, Text } from "@shopify/polaris";

export function EmptyCard({ heading, children, action, testId }: { heading: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <Box paddingBlock="600" paddingInline="400">
      <div data-testid={testId ?? "empty-state"}>
        <BlockStack gap="300" inlineAlign="center">
          <Text as="h2" variant="headingMd" alignment="center">
            {heading}
          </Text>
          {children && (
            <Text as="p" tone="subdued" alignment="center">
              {children}
            </Text>
          )}
          {action}
        </BlockStack>
      </div>
    </Box>
  );
}
