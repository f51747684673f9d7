// One KPI: headline figure(s), the one-line definition, and its trend over the selected range.
import { BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import type { KpiTile as Tile } from "../kpi/types";
import { formatKpi } from "./format";
import { TrendChart } from "./TrendChart";

const CHART_HEIGHT = 56;

function tone(tile: Tile): "success" | "critical" | undefined {
  const v = tile.values[0]?.value;
  if (tile.target === undefined || v === null || v === undefined) return undefined;
  const good = tile.better === "higher" ? v >= tile.target : v <= tile.target;
  return good ? "success" : "critical";
}

export function KpiTile({ tile, currency }: { tile: Tile; currency: string }) {
  const headline = tile.values.map((v) => `${v.label ? `${v.label} ` : ""}${formatKpi(v.value, tile.format, currency)}`).join(" · ");
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {tile.title}
        </Text>
        <div data-testid={`kpi-${tile.id}`}>
          {tile.values.length > 1 ? (
            <InlineStack gap="400" wrap>
              {tile.values.map((v) => (
                <BlockStack key={v.label ?? "value"} gap="050">
                  <Text as="p" variant="headingLg" tone={tone(tile)}>
                    {formatKpi(v.value, tile.format, currency)}
                  </Text>
                  <Text as="span" variant="bodySm" tone="subdued">
                    {v.label}
                  </Text>
                </BlockStack>
              ))}
            </InlineStack>
          ) : (
            <Text as="p" variant="headingLg" tone={tone(tile)}>
              {formatKpi(tile.values[0]?.value, tile.format, currency)}
            </Text>
          )}
        </div>
        {tile.breakdown && tile.breakdown.length > 0 && (
          <Text as="p" variant="bodySm">
            {tile.breakdown.map((b) => `${b.label.replaceAll("_", " ")} ${b.value}`).join(" · ")}
          </Text>
        )}
        <Box minHeight={`${CHART_HEIGHT}px`}>
          <TrendChart series={tile.series} height={CHART_HEIGHT} label={`${tile.title} trend: ${headline}`} testId={`kpi-chart-${tile.id}`} />
        </Box>
        <Text as="p" variant="bodySm" tone="subdued">
          {tile.definition}
        </Text>
      </BlockStack>
    </Card>
  );
}
