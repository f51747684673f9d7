// Admin: the shop's post-purchase surveys, on/off switch, create.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { SurveyError, createSurvey, listSurveys, setSurveyEnabled } from "../surveys/surveys.server";
import { STARTER_QUESTIONS } from "../surveys/starter";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const surveys = await listSurveys(session.shop);
  return {
    surveys: surveys.map((s) => ({
      id: s.id,
      title: s.title,
      enabled: s.enabled,
      targeting: s.targeting,
      displayMode: s.displayMode,
      responses: s.responses,
      updatedAt: s.updatedAt.toISOString(),
    })),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  try {
    if (intent === "create") {
      const survey = await createSurvey(session.shop, { title: "Quick question", questions: STARTER_QUESTIONS });
      return redirect(`/app/surveys/${survey.id}`);
    }
    if (intent === "toggle") {
      await setSurveyEnabled(session.shop, String(form.get("id")), form.get("enabled") === "true");
      return { ok: true };
    }
  } catch (error) {
    if (error instanceof SurveyError) return { ok: false, error: error.message };
    throw error;
  }
  return { ok: false, error: "Unknown action" };
};

const TARGETING: Record<string, string> = { all: "All customers", first_time: "First-time customers" };

export default function Surveys() {
  const { surveys } = useLoaderData<typeof loader>();
  const nav = useNavigation();
  const busy = nav.state !== "idle";
  return (
    <Page title="Surveys" subtitle="A short survey on the Thank you and Order status pages, once per order.">
      <TitleBar title="Surveys" />
      <Layout>
        <Layout.Section>
          {surveys.length === 0 ? (
            <Card>
              <EmptyState heading="Ask buyers how it went" image="">
                <p>Post-purchase surveys typically get 30–50% response rates. Answers appear in results and CSV.</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="create" />
                  <Button submit variant="primary" loading={busy}>
                    Create survey
                  </Button>
                </Form>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              <InlineStack align="end">
                <Form method="post">
                  <input type="hidden" name="intent" value="create" />
                  <Button submit loading={busy}>
                    Create survey
                  </Button>
                </Form>
              </InlineStack>
              {surveys.map((s) => (
                <Card key={s.id}>
                  <InlineStack align="space-between" blockAlign="center" gap="400">
                    <BlockStack gap="100">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h2" variant="headingMd">
                          {s.title}
                        </Text>
                        <Badge tone={s.enabled ? "success" : undefined}>{s.enabled ? "On" : "Off"}</Badge>
                      </InlineStack>
                      <Text as="p" tone="subdued">
                        {TARGETING[s.targeting] ?? s.targeting} ·{" "}
                        {s.displayMode === "one_at_a_time" ? "One question at a time" : "All questions at once"} · {s.responses}{" "}
                        {s.responses === 1 ? "response" : "responses"}
                      </Text>
                    </BlockStack>
                    <InlineStack gap="200">
                      <Link to={`/app/surveys/${s.id}`}>Edit</Link>
                      <Link to={`/app/surveys/${s.id}/results`}>Results</Link>
                      <Form method="post">
                        <input type="hidden" name="intent" value="toggle" />
                        <input type="hidden" name="id" value={s.id} />
                        <input type="hidden" name="enabled" value={String(!s.enabled)} />
                        <Button submit accessibilityLabel={`${s.enabled ? "Turn off" : "Turn on"} ${s.title}`} disabled={busy}>
                          {s.enabled ? "Turn off" : "Turn on"}
                        </Button>
                      </Form>
                    </InlineStack>
                  </InlineStack>
                </Card>
              ))}
              <Text as="p" tone="subdued">
                One survey is on at a time: turning one on turns the others off. Add the “Stockroom post-purchase survey” block to
                the Thank you and Order status pages in the checkout editor.
              </Text>
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
