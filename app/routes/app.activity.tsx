// Admin page "Activity": the shop's recent stock events and, per SKU, the timeline across
// every member of its group (who changed what, why, from which event).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { shopFeed, skuTimeline } from "../sync/admin.server";
import { groupsOfShop } from "../sync/groups.server";
import { orNotFound } from "../sync/route-helpers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const p = new URL(request.url).searchParams;
  const groups = await groupsOfShop(session.shop);
  const sku = p.get("sku");
  const groupId = p.get("group") ?? groups[0]?.id;
  const timeline = sku && groupId ? await orNotFound(() => skuTimeline(session.shop, groupId, sku)) : null;
  const feed = await shopFeed(session.shop, 100);
  return { shop: session.shop, groupId: groupId ?? null, sku, timeline, feed };
};

type Ev = ReturnType<typeof useLoaderData<typeof loader>>["feed"][number];

function rows(events: Ev[], groupId: string | null) {
  return events.map((e) => [
    new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19),
    e.shop,
    e.sku && groupId ? <Link to={`?group=${groupId}&sku=${encodeURIComponent(e.sku)}`}>{e.sku}</Link> : (e.sku ?? ""),
    e.cause,
    e.delta > 0 ? `+${e.delta}` : String(e.delta),
    e.valueAfter ?? "",
    e.poolAfter ?? "",
    e.result,
    e.sourceEventId ?? e.correlationId ?? "",
  ]);
}

const HEADINGS = ["When (UTC)", "Store", "SKU", "Cause", "Δ", "Store value", "Pool", "Result", "Event"];
const TYPES: ("text" | "numeric")[] = ["text", "text", "text", "text", "numeric", "numeric", "numeric", "text", "text"];

export default function ActivityPage() {
  const data = useLoaderData<typeof loader>();
  const [sku, setSku] = useState(data.sku ?? "");
  return (
    <Page>
      <TitleBar title="Activity" />
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get">
              <InlineStack gap="200" blockAlign="end">
                {data.groupId && <input type="hidden" name="group" value={data.groupId} />}
                <TextField label="SKU timeline" name="sku" value={sku} onChange={setSku} autoComplete="off" />
                <Button submit>Show</Button>
              </InlineStack>
            </Form>
          </Card>
        </Layout.Section>
        {data.timeline && (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <InlineStack gap="200">
                  <Text as="h2" variant="headingMd">{data.sku}</Text>
                  {data.timeline.item && <Badge>{`pool ${data.timeline.item.pool} · version ${data.timeline.item.version}`}</Badge>}
                  {data.timeline.item?.paused && <Badge tone="warning">paused</Badge>}
                </InlineStack>
                <Text as="p">{data.timeline.links.map((l) => `${l.shop}: last seen ${l.lastSeen}`).join(" · ")}</Text>
                <DataTable columnContentTypes={TYPES} headings={HEADINGS} rows={rows(data.timeline.events as Ev[], data.groupId)} />
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">Recent activity</Text>
              <DataTable columnContentTypes={TYPES} headings={HEADINGS} rows={rows(data.feed, data.groupId)} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
