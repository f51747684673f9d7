// Home page: setup guide, sync health and the KPI tiles with their trends.
import { useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, ButtonGroup, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import type { KpiRange } from "../kpi/buckets";
import type { KpiTile as Tile } from "../kpi/types";
import type { DeadLetters } from "../queue/dead-letters.server";
import type { ChecklistItem } from "../setup/checklist.server";
import { DeadLettersSection } from "./DeadLettersSection";
import { KpiTile } from "./KpiTile";
import { SetupChecklist } from "./SetupChecklist";
import { SyncHealthCard, type SyncHealth } from "./SyncHealthCard";

const RANGES: { value: KpiRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

export interface OverviewData {
  shopName: string;
  currency: string;
  range: KpiRange;
  checklist: ChecklistItem[];
  health: SyncHealth;
  tiles: Tile[];
  rolledUpAt: string | null;
  dead: DeadLetters;
}

export function OverviewPage({ data }: { data: OverviewData }) {
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const complete = data.checklist.every((i) => i.state === "done");
  const href = (range: KpiRange) => {
    const next = new URLSearchParams(params);
    next.set("range", range);
    return `?${next.toString()}`;
  };
  return (
    <Page title="Overview" subtitle={data.shopName} primaryAction={{ content: "Alert settings", url: "/app/alerts" }}>
      <Layout>
        {!complete && (
          <Layout.Section>
            <SetupChecklist items={data.checklist} busy={busy} />
          </Layout.Section>
        )}
        <Layout.Section>
          <SyncHealthCard health={data.health}>
            <DeadLettersSection dead={data.dead} />
          </SyncHealthCard>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <BlockStack gap="050">
                <Text as="h2" variant="headingMd">
                  Key figures
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {data.rolledUpAt ? `From recorded facts, rolled up ${new Date(data.rolledUpAt).toISOString().slice(11, 16)} UTC` : "The first rollup runs within a few minutes."}
                </Text>
              </BlockStack>
              <ButtonGroup variant="segmented">
                {RANGES.map((r) => (
                  <Button key={r.value} url={href(r.value)} pressed={data.range === r.value} accessibilityLabel={`Show the last ${r.label}`}>
                    {r.label}
                  </Button>
                ))}
              </ButtonGroup>
            </InlineStack>
            <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="400">
              {data.tiles.map((t) => (
                <KpiTile key={t.id} tile={t} currency={data.currency} />
              ))}
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
        {complete && (
          <Layout.Section>
            <SetupChecklist items={data.checklist} busy={busy} />
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
