// The Activity page: the shop's recent stock events (or only the rebalances, each with its cause),
// paginated, and per SKU the timeline across every member of its group.
import { useState } from "react";
import { Form, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, ButtonGroup, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { EmptyCard } from "./EmptyCard";
import { StockEventsTable, type EventRow } from "./sync/StockEventsTable";

export interface ActivityData {
  groupId: string | null;
  hasGroup: boolean;
  sku: string | null;
  product: string | null;
  timeline: {
    item: { pool: number; version: number; allocating: boolean; paused: boolean } | null;
    links: { shop: string; location: string; lastSeen: number | null }[];
    events: EventRow[];
  } | null;
  feed: EventRow[];
  total: number;
  page: number;
  pages: number;
  rebalances: boolean;
}

export function ActivityPage({ data }: { data: ActivityData }) {
  const [params, setParams] = useSearchParams();
  const [sku, setSku] = useState(data.sku ?? "");
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in patch)) next.delete("page");
    setParams(next, { preventScrollReset: true });
  };
  return (
    <Page title="Activity" subtitle="Every stock change of your store and its sync group: who changed what, why, and from which event">
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get">
              <InlineStack gap="200" blockAlign="end">
                {data.groupId && <input type="hidden" name="group" value={data.groupId} />}
                <div style={{ minWidth: 260 }}>
                  <TextField label="SKU timeline" name="sku" value={sku} onChange={setSku} autoComplete="off" placeholder="A SKU, e.g. MUG-GREEN" />
                </div>
                <Button submit disabled={!sku.trim() || !data.hasGroup}>
                  Show timeline
                </Button>
              </InlineStack>
            </Form>
          </Card>
        </Layout.Section>
        {data.sku && (
          <Layout.Section>
            <Card padding={data.timeline?.events.length ? "0" : undefined}>
              <BlockStack gap="200">
                <div style={data.timeline?.events.length ? { padding: "var(--p-space-400) var(--p-space-400) 0" } : undefined}>
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {data.product ? `${data.product} (${data.sku})` : data.sku}
                      </Text>
                      {data.timeline?.item && <Badge>{`pool ${data.timeline.item.pool} · version ${data.timeline.item.version}`}</Badge>}
                      {data.timeline?.item?.allocating && <Badge tone="success">allocations</Badge>}
                      {data.timeline?.item?.paused && <Badge tone="warning">paused</Badge>}
                      <Button variant="plain" onClick={() => set({ sku: null })}>
                        Close timeline
                      </Button>
                    </InlineStack>
                    {data.timeline && data.timeline.links.length > 0 && (
                      <Text as="p" tone="subdued">
                        {data.timeline.links.map((l) => `${l.location}: shows ${l.lastSeen ?? "—"}`).join(" · ")}
                      </Text>
                    )}
                  </BlockStack>
                </div>
                {!data.timeline || data.timeline.events.length === 0 ? (
                  <EmptyCard heading={`No stock events for ${data.sku}`} testId="timeline-empty">
                    {data.timeline?.item ? "Nothing changed for this SKU yet." : "This SKU is not in your sync group. Check the spelling, or look it up on the Sync page."}
                  </EmptyCard>
                ) : (
                  <StockEventsTable events={data.timeline.events} groupId={data.groupId} />
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding={data.feed.length ? "0" : undefined}>
            <BlockStack gap="200">
              <div style={data.feed.length ? { padding: "var(--p-space-400) var(--p-space-400) 0" } : undefined}>
                <InlineStack gap="200" blockAlign="center" align="space-between">
                  <Text as="h2" variant="headingMd">
                    {data.rebalances ? "Rebalances" : "Recent activity"}
                  </Text>
                  <ButtonGroup variant="segmented">
                    <Button pressed={!data.rebalances} onClick={() => set({ show: null })}>
                      All changes
                    </Button>
                    <Button pressed={data.rebalances} onClick={() => set({ show: "rebalances" })}>
                      Rebalances only
                    </Button>
                  </ButtonGroup>
                </InlineStack>
              </div>
              {data.feed.length === 0 ? (
                data.rebalances ? (
                  <EmptyCard heading="No rebalances yet" testId="activity-empty" action={<Button onClick={() => set({ show: null })}>Show all changes</Button>}>
                    Allocation moves units between stores when one runs low; each move shows here with its trigger.
                  </EmptyCard>
                ) : (
                  <EmptyCard heading="No stock activity yet" testId="activity-empty" action={<Button url="/app/sync" variant="primary">Set up sync</Button>}>
                    Orders, restocks and the sync writes that follow them appear here once your stores share a pool.
                  </EmptyCard>
                )
              ) : (
                <StockEventsTable events={data.feed} groupId={data.groupId} pager={{ page: data.page, pages: data.pages, go: (p) => set({ page: String(p) }) }} />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
