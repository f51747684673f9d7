// The Overview's setup guide: each step ticks itself from real state; the theme block asks
// the merchant to confirm.
import { Badge, BlockStack, Button, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { Form } from "@remix-run/react";
import type { ChecklistItem } from "../setup/checklist.server";

export function SetupChecklist({ items, busy }: { items: ChecklistItem[]; busy: boolean }) {
  const done = items.filter((i) => i.state === "done").length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Setup guide
          </Text>
          <Text as="span" tone="subdued">{`${done} of ${items.length} done`}</Text>
        </InlineStack>
        <ProgressBar progress={items.length ? Math.round((done / items.length) * 100) : 0} size="small" tone="primary" />
        <BlockStack gap="200" as="ul">
          {items.map((item) => (
            <li key={item.id} data-testid={`setup-${item.id}`} data-state={item.state} style={{ listStyle: "none" }}>
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h3" variant="headingSm">
                      {item.title}
                    </Text>
                    {item.state === "done" ? <Badge tone="success">Done</Badge> : item.state === "confirm" ? <Badge tone="attention">Confirm</Badge> : <Badge>To do</Badge>}
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {item.description}
                  </Text>
                  {item.state !== "done" && (
                    <InlineStack gap="200">
                      <Button url={item.action.url} target={item.action.external ? "_top" : undefined} accessibilityLabel={`${item.action.label}: ${item.title}`}>
                        {item.action.label}
                      </Button>
                      {item.state === "confirm" && (
                        <Form method="post">
                          <input type="hidden" name="intent" value="confirm_setup" />
                          <input type="hidden" name="item" value={item.id} />
                          <Button submit variant="plain" loading={busy}>
                            I added it
                          </Button>
                        </Form>
                      )}
                    </InlineStack>
                  )}
                </BlockStack>
              </InlineStack>
            </li>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
