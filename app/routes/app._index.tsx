import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { intakeHealth } from "../health.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const health = await intakeHealth(session.shop);
  return { shop: session.shop, health };
};

function count(map: Record<string, number>, key: string) {
  return map[key] ?? 0;
}

export default function Overview() {
  const { shop, health } = useLoaderData<typeof loader>();
  const received = Object.values(health.last24h).reduce((a, b) => a + b, 0);
  const problems = count(health.last24h, "malformed") + count(health.last24h, "failed") + count(health.queue, "dead");
  return (
    <Page>
      <TitleBar title="Stockroom" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  Event intake for {shop}
                </Text>
                <Badge tone={problems ? "critical" : "success"}>{problems ? `${problems} need attention` : "Healthy"}</Badge>
              </InlineStack>
              <List>
                <List.Item>{received} events from Shopify in the last 24 hours ({count(health.last24h, "processed")} processed)</List.Item>
                <List.Item>
                  {count(health.queue, "queued")} waiting, {count(health.queue, "running")} running
                  {health.oldestQueuedAgeMs !== null ? ` (oldest waiting ${Math.round(health.oldestQueuedAgeMs / 1000)} s)` : ""}
                </List.Item>
                <List.Item>
                  {count(health.last24h, "malformed")} malformed and {count(health.last24h, "failed")} failed deliveries kept for replay
                </List.Item>
              </List>
              {health.dead.length > 0 && (
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    Jobs that gave up after retries
                  </Text>
                  {health.dead.map((d) => (
                    <Text as="p" key={d.id} tone="critical">
                      #{d.id} {d.name}: {(d.lastError ?? "").split("\n")[0]}
                    </Text>
                  ))}
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
