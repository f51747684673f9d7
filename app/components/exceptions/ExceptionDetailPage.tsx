// One exception: what happened (product and location by name, the triggering event), its owner,
// the actions (retry / accept store value / accept pool value / pause / resume, each with a
// required note), the trail of who did what, and the stock events around it (the proof).
import { useState } from "react";
import { Form, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DescriptionList,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { EmptyCard } from "../EmptyCard";
import { KeyboardScrollable } from "../KeyboardScrollable";
import { formatWhen } from "../format";
import { StockEventsTable, type EventRow } from "../sync/StockEventsTable";
import { useResultToast } from "../useToast";
import { classLabel, type ActionResult } from "./types";

export interface ExceptionDetailData {
  exception: {
    id: string;
    title: string;
    class: string;
    status: string;
    overdue: boolean;
    sku: string | null;
    product: string | null;
    location: string | null;
    amount: number | null;
    owner: string | null;
    slaDueAt: string;
    createdAt: string;
    sourceEventId: string | null;
    payloadSnapshot: string | null;
    resolution: string | null;
    resolutionNote: string | null;
    resolvedBy: string | null;
    resolvedAt: string | null;
  };
  trail: { at: string; by: string; action: string; note?: string }[];
  events: EventRow[];
}

const ACTIONS = [
  { value: "retry", label: "Retry" },
  { value: "accept_store", label: "Accept store value" },
  { value: "accept_pool", label: "Accept pool value" },
  { value: "pause", label: "Pause SKU" },
  { value: "resume", label: "Resume SKU" },
];

const EVENTS_PER_PAGE = 25;

export function ExceptionDetailPage({ data, result }: { data: ExceptionDetailData; result?: ActionResult }) {
  const ex = data.exception;
  const busy = useNavigation().state !== "idle";
  const [note, setNote] = useState("");
  const [owner, setOwner] = useState(ex.owner ?? "");
  const [act, setAct] = useState(ex.class === "drift" ? "accept_store" : "retry");
  const [eventsPage, setEventsPage] = useState(1);
  useResultToast(result);
  const pages = Math.max(1, Math.ceil(data.events.length / EVENTS_PER_PAGE));
  const events = data.events.slice((eventsPage - 1) * EVENTS_PER_PAGE, eventsPage * EVENTS_PER_PAGE);
  return (
    <Page
      backAction={{ content: "Exceptions", url: "/app/exceptions" }}
      title={`${classLabel(ex.class)}${ex.sku ? ` · ${ex.sku}` : ""}`}
      titleMetadata={
        <InlineStack gap="100">
          <Badge tone={ex.status === "open" ? "critical" : "success"}>{ex.status === "open" ? "Open" : "Resolved"}</Badge>
          {ex.overdue && <Badge tone="warning">SLA overdue</Badge>}
        </InlineStack>
      }
    >
      <Layout>
        {result && !result.ok && (
          <Layout.Section>
            <Banner tone="critical" title={result.error} />
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {ex.title}
                </Text>
                <DescriptionList
                  items={[
                    {
                      term: "Product",
                      description: ex.product ? `${ex.product}${ex.sku ? ` (${ex.sku})` : ""}` : (ex.sku ?? "—"),
                    },
                    { term: "Location", description: ex.location ?? "—" },
                    { term: "Amount", description: ex.amount === null ? "—" : String(ex.amount) },
                    { term: "Opened", description: formatWhen(ex.createdAt) },
                    { term: "SLA due", description: formatWhen(ex.slaDueAt) },
                    { term: "Owner", description: ex.owner ?? "Unassigned" },
                    ...(ex.payloadSnapshot
                      ? [
                          {
                            term: "Triggering event",
                            description: <Text as="span" breakWord>{`${ex.sourceEventId ?? ""} ${ex.payloadSnapshot}`}</Text>,
                          },
                        ]
                      : []),
                  ]}
                />
              </BlockStack>
            </Card>
            {ex.status === "open" ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="id" value={ex.id} />
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Resolve
                    </Text>
                    <Select label="Action" name="action" value={act} onChange={setAct} options={ACTIONS} />
                    <TextField
                      label="Resolution note (required)"
                      name="note"
                      value={note}
                      onChange={setNote}
                      multiline={3}
                      autoComplete="off"
                      requiredIndicator
                    />
                    <InlineStack>
                      <Button submit variant="primary" disabled={!note.trim()} loading={busy}>
                        Apply
                      </Button>
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      Overrides are recorded with your name in the trail below.
                    </Text>
                  </BlockStack>
                </Form>
              </Card>
            ) : (
              <Banner tone="success" title={`Resolved: ${ex.resolution}`}>
                {ex.resolutionNote}
                {ex.resolvedBy ? ` — ${ex.resolvedBy}, ${formatWhen(ex.resolvedAt)}` : ""}
              </Banner>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <Form method="post">
                <input type="hidden" name="id" value={ex.id} />
                <input type="hidden" name="action" value="assign" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Owner
                  </Text>
                  <TextField label="Owner (name or email)" name="owner" value={owner} onChange={setOwner} autoComplete="email" />
                  <InlineStack>
                    <Button submit loading={busy} disabled={!owner.trim()}>
                      Assign
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
            <Card padding="0">
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">
                  Trail
                </Text>
              </div>
              {data.trail.length === 0 ? (
                <EmptyCard heading="Nothing done yet">Assignments and actions appear here with who did them.</EmptyCard>
              ) : (
                <ol
                  aria-label="Trail"
                  style={{ margin: 0, padding: "0 var(--p-space-400) var(--p-space-400)", listStyle: "none" }}
                >
                  {data.trail.map((t, i) => (
                    <li
                      key={i}
                      style={{
                        padding: "var(--p-space-200) 0",
                        borderTop: i ? "1px solid var(--p-color-border-secondary)" : undefined,
                      }}
                    >
                      <BlockStack gap="050">
                        <Text as="span" breakWord>{`${t.by}: ${t.action}${t.note ? ` — ${t.note}` : ""}`}</Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          {formatWhen(t.at)}
                        </Text>
                      </BlockStack>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="0">
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">
                  Stock events (proof)
                </Text>
              </div>
              {data.events.length === 0 ? (
                <EmptyCard heading="No stock events recorded for it">The event that raised it is shown above.</EmptyCard>
              ) : (
                <KeyboardScrollable label="Stock events (proof)">
                  <StockEventsTable events={events} groupId={null} pager={{ page: eventsPage, pages, go: setEventsPage }} />
                </KeyboardScrollable>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
