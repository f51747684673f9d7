// The "Back in stock" page: sending rules, double opt-in and consent text, the sold-out
// automation, sent and suppressed counts by reason (in total and per product), recovered
// revenue, recent sign-ups and the automation's trail.
import { useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, DataTable, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import type { RestockAdminData } from "../restock/admin.server";
import { EmptyCard } from "./EmptyCard";
import { KeyboardScrollable } from "./KeyboardScrollable";

type Result = { ok: true; message: string } | { ok: false; errors: Record<string, string> } | undefined;

const money = (n: number, currency: string) => new Intl.NumberFormat("en", { style: "currency", currency }).format(n);
const when = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });

const ACTION_LABELS: Record<string, string> = {
  unpublished: "Unpublished from Online Store",
  republished: "Republished",
  tagged: "Tagged",
  untagged: "Untagged",
  left_alone: "Left alone (changed by hand)",
  released: "Released (back in stock)",
  failed: "Failed",
};

function Settings({ data, result }: { data: RestockAdminData; result: Result }) {
  const s = data.settings;
  const [f, setF] = useState({ ...s, batchMultiple: String(s.batchMultiple), batchCap: String(s.batchCap), intervalMinutes: String(s.intervalMinutes) });
  const errors = result && !result.ok ? result.errors : {};
  const saving = useNavigation().state === "submitting";
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="enabled" value={String(f.enabled)} />
        <input type="hidden" name="doubleOptIn" value={String(f.doubleOptIn)} />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">Sign-ups and sending</Text>
          <Checkbox label="Accept sign-ups and send back-in-stock alerts" checked={f.enabled} onChange={(v) => setF({ ...f, enabled: v })} />
          <Checkbox label="Double opt-in: shoppers confirm by a link in a first email" checked={f.doubleOptIn} onChange={(v) => setF({ ...f, doubleOptIn: v })} />
          <TextField
            label="Default consent text"
            name="consentText"
            value={f.consentText}
            onChange={(v) => setF({ ...f, consentText: v })}
            placeholder={data.consentDefault}
            helpText="Stored with every sign-up. The theme block's own consent text (block settings) is what shoppers see; this one is used when the block sends none."
            error={errors.consentText}
            autoComplete="off"
            multiline={2}
          />
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
            <TextField label="Alerts per unit back" type="number" name="batchMultiple" value={f.batchMultiple} onChange={(v) => setF({ ...f, batchMultiple: v })} helpText="3 × 2 units back = 6 alerts" error={errors.batchMultiple} autoComplete="off" />
            <TextField label="Largest batch" type="number" name="batchCap" value={f.batchCap} onChange={(v) => setF({ ...f, batchCap: v })} error={errors.batchCap} autoComplete="off" />
            <TextField label="Minutes between batches" type="number" name="intervalMinutes" value={f.intervalMinutes} onChange={(v) => setF({ ...f, intervalMinutes: v })} error={errors.intervalMinutes} autoComplete="off" />
          </InlineGrid>
          <Text as="h2" variant="headingMd">Sold-out products</Text>
          <Select
            label="When every variant is sold out across the group"
            name="soldOutAction"
            options={[
              { label: "Do nothing", value: "off" },
              { label: "Unpublish from the Online Store (republish when stock returns)", value: "unpublish" },
              { label: "Add a tag (remove it when stock returns)", value: "tag" },
            ]}
            value={f.soldOutAction}
            onChange={(v) => setF({ ...f, soldOutAction: v as typeof f.soldOutAction })}
            helpText="A product you publish, unpublish or retag by hand after our change is left alone."
          />
          {f.soldOutAction === "tag" && <TextField label="Tag" name="soldOutTag" value={f.soldOutTag} onChange={(v) => setF({ ...f, soldOutTag: v })} error={errors.soldOutTag} autoComplete="off" />}
          {f.soldOutAction !== "tag" && <input type="hidden" name="soldOutTag" value={f.soldOutTag} />}
          <InlineStack align="end">
            <Button submit variant="primary" loading={saving}>Save</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function Counts({ data }: { data: RestockAdminData }) {
  const reasons = Object.keys(data.reasons) as (keyof RestockAdminData["reasons"])[];
  const t = data.totals;
  const suppressedTotal = Object.values(t.suppressed).reduce((a, n) => a + (n ?? 0), 0);
  if (data.products.length === 0)
    return (
      <Card>
        <EmptyCard heading="No sign-ups yet" testId="restock-empty" action={<Button url="/app/widget" variant="primary">Set up the product page block</Button>}>
          Shoppers sign up with “Email me when it's back” on sold-out variants, in the live-stock block of your product page. Waiting shoppers, sent
          alerts and recovered revenue show here per product.
        </EmptyCard>
      </Card>
    );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">Alerts</Text>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Box><Text as="p" tone="subdued">Waiting</Text><Text as="p" variant="headingLg">{t.waiting}</Text></Box>
          <Box><Text as="p" tone="subdued">Sent</Text><Text as="p" variant="headingLg">{t.sent}</Text></Box>
          <Box><Text as="p" tone="subdued">Not sent</Text><Text as="p" variant="headingLg">{suppressedTotal}</Text></Box>
          <Box><Text as="p" tone="subdued">Recovered revenue (7 days after an alert)</Text><Text as="p" variant="headingLg">{money(t.recovered, data.currency)}</Text></Box>
        </InlineGrid>
        <KeyboardScrollable label="Alerts by product">
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", ...reasons.map(() => "numeric" as const), "numeric"]}
            headings={["Product", "Waiting", "Sent", ...reasons.map((r) => data.reasons[r]), "Recovered"]}
            rows={data.products.map((p) => [p.title, p.waiting, p.sent, ...reasons.map((r) => p.suppressed[r] ?? 0), money(p.recovered, data.currency)])}
            totals={["", t.waiting, t.sent, ...reasons.map((r) => t.suppressed[r] ?? 0), money(t.recovered, data.currency)]}
            showTotalsInFooter
            increasedTableDensity
          />
        </KeyboardScrollable>
      </BlockStack>
    </Card>
  );
}

export function RestockPage({ data, result }: { data: RestockAdminData; result: Result }) {
  return (
    <Page title="Back in stock">
      <Layout>
        {result?.ok && (
          <Layout.Section>
            <Banner tone="success">{result.message}</Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Counts data={data} />
        </Layout.Section>
        <Layout.Section>
          <Settings data={data} result={result} />
        </Layout.Section>
        {data.subscriptions.length > 0 && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Recent sign-ups</Text>
                <KeyboardScrollable label="Recent sign-ups">
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text"]}
                    headings={["Product", "Email", "Status", "Signed up", "Consent"]}
                    rows={data.subscriptions.map((s) => [s.product, s.email, <Badge key={s.id} tone={s.status === "active" ? "info" : s.status === "notified" ? "success" : undefined}>{s.status}</Badge>, when(s.createdAt), s.consentText ?? "—"])}
                    increasedTableDensity
                  />
                </KeyboardScrollable>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">Sold-out automation trail</Text>
              {data.trail.length === 0 ? (
                <Text as="p" tone="subdued">No product has sold out everywhere yet. What the automation does then (above) shows here.</Text>
              ) : (
                <KeyboardScrollable label="Sold-out automation trail">
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={["When", "Product", "What", "Why"]}
                    rows={data.trail.map((t) => [when(t.at), t.title, ACTION_LABELS[t.action] ?? t.action, t.detail])}
                    increasedTableDensity
                  />
                </KeyboardScrollable>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
