// The Channels page: register endpoints, see each one's delivery log, replay, resume.
import { useEffect, useState } from "react";
import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, FormLayout, IndexTable, InlineStack, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import type { PlanLimit, PlanRefusal } from "../billing/limit-error";
import { PlanLimitBanner } from "./billing/PlanLimitBanner";
import { EmptyCard } from "./EmptyCard";
import { focusField } from "./focus";
import { formatWhen } from "./format";
import { useResultToast } from "./useToast";

export interface ChannelsPageData {
  /** set when the shop's plan does not include channels: the banner replaces the add form */
  planLimit: PlanRefusal | null;
  eventTypes: string[];
  endpoints: { id: string; name: string; url: string; status: string; pausedReason: string | null; failures: number; events: string[]; skus: string[] }[];
  endpoint: { id: string; name: string; url: string; secret: string; status: string; pausedReason: string | null } | null;
  deliveries: {
    id: string;
    eventId: string;
    type: string;
    sku: string | null;
    status: string;
    attempts: number;
    lastStatus: number | null;
    latencyMs: number | null;
    responseHead: string | null;
    error: string | null;
    replayOf: string | null;
    nextAttemptAt: string | null;
    createdAt: string;
  }[];
}

const TONE: Record<string, "success" | "critical" | "warning" | "info" | undefined> = { delivered: "success", dead: "critical", paused: "warning", retrying: "warning", pending: "info" };

function AddEndpointCard({ busy, onCancel, eventTypes }: { busy: boolean; onCancel?: () => void; eventTypes: string[] }) {
  const [name, setName] = useState("ERP");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("");
  const [skus, setSkus] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Register an endpoint
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
              <TextField id="endpoint-url" label="URL (HTTPS)" name="url" value={url} onChange={setUrl} autoComplete="off" placeholder="https://erp.example.com/stockroom" />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField label="Events (empty: all)" name="events" value={events} onChange={setEvents} autoComplete="off" helpText={eventTypes.join(", ")} />
              <TextField label="SKUs (empty: all)" name="skus" value={skus} onChange={setSkus} autoComplete="off" helpText="Comma-separated" />
            </FormLayout.Group>
          </FormLayout>
          <InlineStack gap="200" align="end">
            {onCancel && <Button onClick={onCancel}>Cancel</Button>}
            <Button submit variant="primary" loading={busy}>
              Register endpoint
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

export function ChannelsPage({ data, result }: { data: ChannelsPageData; result?: { ok: boolean; error?: string; message?: string; limit?: PlanLimit } }) {
  const busy = useNavigation().state !== "idle";
  const [adding, setAdding] = useState(false);
  const revalidator = useRevalidator();
  useResultToast(result);
  const inFlight = data.deliveries.some((d) => d.status === "pending");
  useEffect(() => {
    if (!inFlight) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(t);
  }, [inFlight, revalidator]);
  const gated = data.planLimit;
  const showAdd = !gated && (adding || data.endpoints.length === 0);
  const ep = data.endpoint;
  return (
    <Page title="Channels" subtitle="Signed stock and exception events out to your ERP, middleware and marketplaces." primaryAction={{ content: "Register endpoint", onAction: () => setAdding(true), disabled: showAdd || Boolean(gated) }}>
      <Layout>
        {gated && (
          <Layout.Section>
            <PlanLimitBanner message={gated.error} limit={gated.limit} />
          </Layout.Section>
        )}
        {result && !result.ok && !(gated && result.limit) && (
          <Layout.Section>
            {result.limit ? <PlanLimitBanner message={result.error ?? ""} limit={result.limit} /> : <Banner tone="critical">{result.error}</Banner>}
          </Layout.Section>
        )}
        {data.endpoints
          .filter((e) => e.status === "paused")
          .map((e) => (
            <Layout.Section key={e.id}>
              <Banner tone="critical" title={`Endpoint "${e.name}" is paused`}>
                <BlockStack gap="200">
                  <Text as="p">{e.pausedReason}. Its events wait; resume it once the receiver is fixed.</Text>
                  <Form method="post">
                    <input type="hidden" name="intent" value="resume" />
                    <input type="hidden" name="endpointId" value={e.id} />
                    <Button submit>Resume</Button>
                  </Form>
                </BlockStack>
              </Banner>
            </Layout.Section>
          ))}
        {showAdd && (
          <Layout.Section>
            {data.endpoints.length === 0 && (
              <Box paddingBlockEnd="400">
                <Card>
                  <EmptyCard
                    heading="No endpoints yet"
                    testId="channels-empty"
                    action={
                      <Button variant="primary" onClick={() => focusField("endpoint-url")}>
                        Add your first endpoint
                      </Button>
                    }
                  >
                    Register your ERP or marketplace connector: it receives stock.changed, stock.sold_out, exception.opened and more, signed with its own secret.
                  </EmptyCard>
                </Card>
              </Box>
            )}
            <AddEndpointCard busy={busy} eventTypes={data.eventTypes} onCancel={data.endpoints.length ? () => setAdding(false) : undefined} />
          </Layout.Section>
        )}
        {data.endpoints.length > 0 && (
          <Layout.Section>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "endpoint", plural: "endpoints" }}
                itemCount={data.endpoints.length}
                selectable={false}
                headings={[{ title: "Endpoint" }, { title: "URL" }, { title: "Status" }, { title: "Events" }, { title: "Failures in a row", alignment: "end" }]}
              >
                {data.endpoints.map((e, i) => (
                  <IndexTable.Row id={e.id} key={e.id} position={i} selected={ep?.id === e.id}>
                    <IndexTable.Cell>
                      <Link url={`/app/channels?endpoint=${e.id}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {e.name}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{e.url}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={e.status === "active" ? "success" : "critical"}>{e.status === "active" ? "Active" : "Paused"}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{e.events.length ? e.events.join(", ") : "All events"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {e.failures}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </Layout.Section>
        )}
        {ep && (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {ep.name}
                </Text>
                <TextField label="Signing secret (X-Stockroom-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body)" value={ep.secret} readOnly autoComplete="off" />
                <InlineStack gap="200">
                  <Form method="post">
                    <input type="hidden" name="intent" value="test" />
                    <input type="hidden" name="endpointId" value={ep.id} />
                    <Button submit disabled={busy}>
                      Send test event
                    </Button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="replayRange" />
                    <input type="hidden" name="endpointId" value={ep.id} />
                    <input type="hidden" name="hours" value="24" />
                    <Button submit disabled={busy}>
                      Replay last 24 h
                    </Button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="endpointId" value={ep.id} />
                    <Button submit tone="critical" variant="plain" disabled={busy}>
                      Delete endpoint
                    </Button>
                  </Form>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        )}
        {ep && (
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  Deliveries
                </Text>
              </Box>
              {data.deliveries.length === 0 ? (
                <EmptyCard heading="No deliveries yet">Send a test event, or wait for the next stock change.</EmptyCard>
              ) : (
                <IndexTable
                  resourceName={{ singular: "delivery", plural: "deliveries" }}
                  itemCount={data.deliveries.length}
                  selectable={false}
                  headings={[{ title: "When" }, { title: "Event" }, { title: "Status" }, { title: "Attempts", alignment: "end" }, { title: "HTTP" }, { title: "Latency", alignment: "end" }, { title: "Response" }, { title: "" }]}
                >
                  {data.deliveries.map((d, i) => (
                    <IndexTable.Row id={d.id} key={d.id} position={i}>
                      <IndexTable.Cell>{formatWhen(d.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span">{`${d.type}${d.sku ? ` · ${d.sku}` : ""}${d.replayOf ? " (replay)" : ""}`}</Text>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {d.eventId}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={TONE[d.status]}>{d.status}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {d.attempts}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{d.lastStatus ?? (d.error ? "error" : "—")}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {d.latencyMs === null ? "—" : `${d.latencyMs} ms`}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" tone="subdued" truncate>
                          {(d.responseHead || d.error || "").slice(0, 60)}
                          {d.status === "retrying" && d.nextAttemptAt ? ` · next ${formatWhen(d.nextAttemptAt)}` : ""}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Form method="post">
                          <input type="hidden" name="intent" value="replay" />
                          <input type="hidden" name="deliveryId" value={d.id} />
                          <Button submit size="slim" disabled={busy} accessibilityLabel={`Replay ${d.eventId}`}>
                            Replay
                          </Button>
                        </Form>
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
