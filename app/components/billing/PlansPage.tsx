import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { planById, type PlanId, type PlanSpec } from "../../billing/plans";
import { PlanComparison } from "./PlanComparison";

export interface PlansPageData {
  current: PlanId;
  status: string | null;
  frozen: boolean;
  trialEndsAt: string | null;
  test: boolean;
  need: string | null;
  returned: "approved" | "declined" | null;
}

export function PlansPage({ data, result }: { data: PlansPageData; result?: { ok: boolean; message?: string; error?: string } }) {
  const busy = useNavigation().state !== "idle";
  const current = planById(data.current);
  const choose = (p: PlanSpec) =>
    p.id === data.current ? null : (
      <Form method="post">
        <input type="hidden" name="intent" value="choose" />
        <input type="hidden" name="plan" value={p.id} />
        <Button submit variant={p.price > current.price ? "primary" : "secondary"} loading={busy} fullWidth>
          {p.price === 0 ? "Switch to Free" : `Choose ${p.name}`}
        </Button>
      </Form>
    );
  return (
    <Page title="Plans">
      <TitleBar title="Plans" />
      <Layout>
        {data.returned === "approved" && (
          <Layout.Section>
            <Banner tone="success" title={`${current.name} is active`}>
              {data.trialEndsAt ? `Your free trial runs until ${new Date(data.trialEndsAt).toLocaleDateString("en-US", { dateStyle: "medium" })}.` : null}
            </Banner>
          </Layout.Section>
        )}
        {data.returned === "declined" && (
          <Layout.Section>
            <Banner tone="info" title="The subscription was not approved">
              You stay on {current.name}. Nothing was charged.
            </Banner>
          </Layout.Section>
        )}
        {data.frozen && (
          <Layout.Section>
            <Banner tone="warning" title="Your subscription is frozen">
              Shopify froze it until the store's bill is paid; Free limits apply meanwhile and nothing is deleted.
            </Banner>
          </Layout.Section>
        )}
        {result && (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"} title={(result.ok ? result.message : result.error) ?? ""} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="p">
              You are on <b>{current.name}</b>. Limits apply to the sync groups your store owns. Paid plans start with a free trial and are billed by Shopify;
              switching up applies at once with Shopify's proration, switching down at the end of the paid period.
            </Text>
            {data.test && <Text as="p" tone="subdued">Development store: charges are test charges.</Text>}
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <PlanComparison current={data.current} highlight={data.need && data.need !== data.current ? (data.need as PlanId) : undefined} action={choose} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
