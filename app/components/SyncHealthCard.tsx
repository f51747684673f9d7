// Sync health on the Overview: webhook backlog, oldest unprocessed delivery, dead letters.
// The queue's own "deliveries and dead letters" section (with replay) renders in `children`.
import type { ReactNode } from "react";
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { formatAge } from "./format";

export interface SyncHealth {
  backlog: number;
  oldestUnprocessedMs: number | null;
  deadLetters: number;
  received24h: number;
  failed24h: number;
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

export function SyncHealthCard({ health, children }: { health: SyncHealth; children?: ReactNode }) {
  const trouble = health.deadLetters + health.failed24h;
  const slow = (health.oldestUnprocessedMs ?? 0) > 5 * 60_000;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Sync health
          </Text>
          <Badge tone={trouble ? "critical" : slow ? "warning" : "success"}>{trouble ? `${trouble} need attention` : slow ? "Falling behind" : "Healthy"}</Badge>
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Figure label="Webhooks waiting" value={String(health.backlog)} testId="health-backlog" />
          <Figure label="Oldest unprocessed" value={formatAge(health.oldestUnprocessedMs)} testId="health-oldest" />
          <Figure label="Dead letters" value={String(health.deadLetters)} testId="health-dead" />
          <Figure label="Received in 24 h" value={String(health.received24h)} testId="health-received" />
        </InlineGrid>
        {children}
      </BlockStack>
    </Card>
  );
}
