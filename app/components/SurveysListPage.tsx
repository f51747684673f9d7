// The surveys list: which survey is on, its audience, its responses; create, edit, results.
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { EmptyCard } from "./EmptyCard";
import { formatWhen } from "./format";
import { useResultToast } from "./useToast";

export interface SurveyRow {
  id: string;
  title: string;
  enabled: boolean;
  targeting: string;
  displayMode: string;
  responses: number;
  updatedAt: string;
}

const TARGETING: Record<string, string> = { all: "All customers", first_time: "First-time customers" };

export function SurveysListPage({ surveys, result }: { surveys: SurveyRow[]; result?: { ok: boolean; error?: string; message?: string } }) {
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  useResultToast(result);
  const create = () => submit({ intent: "create" }, { method: "post" });
  return (
    <Page title="Surveys" subtitle="A short survey on the Thank you and Order status pages, once per order." primaryAction={{ content: "Create survey", onAction: create, loading: busy }}>
      <Layout>
        <Layout.Section>
          <Card padding={surveys.length ? "0" : undefined}>
            {surveys.length === 0 ? (
              <EmptyCard
                heading="Ask buyers how it went"
                action={
                  <Form method="post">
                    <input type="hidden" name="intent" value="create" />
                    <Button submit variant="primary" loading={busy}>
                      Create survey
                    </Button>
                  </Form>
                }
              >
                Post-purchase surveys typically get 30–50% response rates. Answers appear in results and CSV.
              </EmptyCard>
            ) : (
              <IndexTable
                resourceName={{ singular: "survey", plural: "surveys" }}
                itemCount={surveys.length}
                selectable={false}
                headings={[{ title: "Survey" }, { title: "Status" }, { title: "Audience" }, { title: "Responses", alignment: "end" }, { title: "Changed" }, { title: "Actions" }]}
              >
                {surveys.map((s, i) => (
                  <IndexTable.Row id={s.id} key={s.id} position={i}>
                    <IndexTable.Cell>
                      <Link url={`/app/surveys/${s.id}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {s.title}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={s.enabled ? "success" : undefined}>{s.enabled ? "On" : "Off"}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{`${TARGETING[s.targeting] ?? s.targeting} · ${s.displayMode === "one_at_a_time" ? "One question at a time" : "All questions at once"}`}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {s.responses}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatWhen(s.updatedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack gap="200" blockAlign="center" wrap={false}>
                        <Link url={`/app/surveys/${s.id}`}>Edit</Link>
                        <Link url={`/app/surveys/${s.id}/results`}>Results</Link>
                        <Form method="post">
                          <input type="hidden" name="intent" value="toggle" />
                          <input type="hidden" name="id" value={s.id} />
                          <input type="hidden" name="enabled" value={String(!s.enabled)} />
                          <Button submit size="slim" disabled={busy} accessibilityLabel={`${s.enabled ? "Turn off" : "Turn on"} ${s.title}`}>
                            {s.enabled ? "Turn off" : "Turn on"}
                          </Button>
                        </Form>
                      </InlineStack>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        {surveys.length > 0 && (
          <Layout.Section>
            <BlockStack gap="200">
              <Text as="p" tone="subdued">
                One survey is on at a time: turning one on turns the others off. Add the “Stockroom post-purchase survey” block to the Thank you and Order status pages in the checkout editor.
              </Text>
            </BlockStack>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
