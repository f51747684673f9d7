import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, ProgressBar, Text } from "@shopify/polaris";
import type { ImportView } from "./types";

export function ImportCard({ imports, busy }: { imports: ImportView[]; busy: boolean }) {
  const last = imports[0];
  const progress = !last ? 0 : last.status === "completed" ? 100 : last.status === "running" && last.objectCount ? Math.min(99, Math.round(((last.variants + last.levels) / last.objectCount) * 100)) : last.status === "running" ? 10 : 0;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">Catalog import</Text>
        {last ? (
          <>
            <Text as="p">
              {last.status} — {last.variants} variants, {last.levels} inventory levels{last.error ? ` (${last.error})` : ""}
            </Text>
            <ProgressBar progress={progress} />
          </>
        ) : (
          <Text as="p">No import yet.</Text>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <Button submit loading={busy}>Import catalog and stock</Button>
        </Form>
      </BlockStack>
    </Card>
  );
}
