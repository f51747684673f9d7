// The Alerts page: channels, rules, exception owners + SLA, open troubles and the history.
import { useState } from "react";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import type { PlanLimit, PlanRefusal } from "../billing/limit-error";
import { PlanLimitBanner } from "./billing/PlanLimitBanner";
import { EmptyCard } from "./EmptyCard";
import { formatWhen } from "./format";
import { useResultToast } from "./useToast";

interface Channel {
  id: string;
  kind: string;
  target: string;
  status: string;
  lastError: string | null;
  failingSince: string | Date | null;
}
interface Rule {
  id: string;
  trigger: string;
  enabled: boolean;
  description: string;
}
interface OwnerRule {
  id: string;
  class: string;
  owner: string;
  slaHours: number;
}
interface Delivery {
  id: string;
  channelId: string;
  kind: string;
  title: string;
  status: string;
  attempts: number;
  error: string | null;
  createdAt: string | Date;
}
interface Incident {
  id: string;
  title: string;
  openedAt: string | Date;
  notifications: number;
}

export interface AlertsData {
  /** set when the shop's plan does not include alerts: the banner replaces the add forms */
  planLimit: PlanRefusal | null;
  channels: Channel[];
  rules: Rule[];
  owners: OwnerRule[];
  incidents: Incident[];
  history: Delivery[];
  classes: string[];
  triggers: { id: string; label: string }[];
  smtpConfigured: boolean;
}

const label = (s: string) => s.replaceAll("_", " ");
const PENDING = "pending";

function Hidden({ values }: { values: Record<string, string> }) {
  return (
    <>
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

function ChannelsCard({ channels, busy, locked }: { channels: Channel[]; busy: boolean; locked: boolean }) {
  const [kind, setKind] = useState("email");
  const [target, setTarget] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Channels
        </Text>
        {channels.length === 0 ? (
          <EmptyCard heading="No channel yet">Add an email address or a Slack incoming webhook below: every alert goes to each channel.</EmptyCard>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Channel", "Status", "Last problem", ""]}
            rows={channels.map((c) => [
              `${c.kind === "email" ? "Email" : "Slack"}: ${c.target}`,
              c.status === "failing" ? <Badge tone="critical">Failing</Badge> : <Badge tone="success">Working</Badge>,
              c.lastError ?? "—",
              <Form method="post" key={c.id}>
                <Hidden values={{ intent: "remove_channel", id: c.id }} />
                <Button submit variant="plain" tone="critical" accessibilityLabel={`Remove ${c.target}`}>
                  Remove
                </Button>
              </Form>,
            ])}
          />
        )}
        {!locked && (
          <Form method="post">
            <Hidden values={{ intent: "add_channel", kind }} />
            <FormLayout>
              <FormLayout.Group condensed>
                <Select label="Kind" options={[{ label: "Email", value: "email" }, { label: "Slack-compatible webhook", value: "slack" }]} value={kind} onChange={setKind} />
                <TextField label={kind === "email" ? "Email address" : "Incoming webhook URL"} name="target" value={target} onChange={setTarget} autoComplete="off" />
              </FormLayout.Group>
              <Button submit loading={busy} disabled={!target.trim()}>
                Add channel
              </Button>
            </FormLayout>
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}

function RulesCard({ rules, triggers, classes, busy, locked }: { rules: Rule[]; triggers: AlertsData["triggers"]; classes: string[]; busy: boolean; locked: boolean }) {
  const [trigger, setTrigger] = useState(triggers[0]?.id ?? "");
  const [cls, setCls] = useState("any");
  const [percent, setPercent] = useState("99");
  const [minutes, setMinutes] = useState("5");
  // While a new rule is being saved it shows at once (the page does not move when it lands).
  const nav = useNavigation();
  const adding = nav.formData?.get("intent") === "add_rule" ? String(nav.formData.get("trigger") ?? "") : null;
  const shown = adding !== null ? [...rules, { id: PENDING, trigger: adding, enabled: true, description: triggers.find((t) => t.id === adding)?.label ?? adding }] : rules;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Rules
        </Text>
        {shown.length === 0 ? (
          <Text as="p" tone="subdued">
            No rule yet. Add one: each trouble sends one alert, a reminder at most hourly while it lasts, and a message when it clears.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "text"]}
            headings={["When", "State", ""]}
            rows={shown.map((r) =>
              r.id === PENDING
                ? [
                    r.description,
                    <Button key="p" size="slim" disabled>
                      Adding…
                    </Button>,
                    "",
                  ]
                : [
                    r.description,
                    <Form method="post" key={`t${r.id}`}>
                      <Hidden values={{ intent: "toggle_rule", id: r.id, enabled: String(!r.enabled) }} />
                      <Button submit size="slim" pressed={r.enabled} accessibilityLabel={`${r.enabled ? "On" : "Off"}: turn ${r.enabled ? "off" : "on"} “${r.description}”`}>
                        {r.enabled ? "On" : "Off"}
                      </Button>
                    </Form>,
                    <Form method="post" key={`r${r.id}`}>
                      <Hidden values={{ intent: "remove_rule", id: r.id }} />
                      <Button submit variant="plain" tone="critical" accessibilityLabel={`Remove: ${r.description}`}>
                        Remove
                      </Button>
                    </Form>,
                  ],
            )}
          />
        )}
        {!locked && (
          <Form method="post">
            <Hidden values={{ intent: "add_rule", trigger }} />
            <FormLayout>
              <Select label="Trigger" options={triggers.map((t) => ({ label: t.label, value: t.id }))} value={trigger} onChange={setTrigger} />
              {trigger === "exception_opened" && <Select label="Exception class" name="class" options={[{ label: "Any class", value: "any" }, ...classes.map((c) => ({ label: label(c), value: c }))]} value={cls} onChange={setCls} />}
              {trigger === "api_success_below" && <TextField label="Success below (%)" name="percent" type="number" value={percent} onChange={setPercent} autoComplete="off" />}
              {trigger === "webhook_backlog" && <TextField label="Older than (minutes)" name="minutes" type="number" value={minutes} onChange={setMinutes} autoComplete="off" />}
              <Button submit loading={busy}>
                Add rule
              </Button>
            </FormLayout>
          </Form>
        )}
      </BlockStack>
    </Card>
  );
}

function OwnersCard({ owners, classes, busy }: { owners: OwnerRule[]; classes: string[]; busy: boolean }) {
  const [cls, setCls] = useState(classes[0] ?? "drift");
  const [owner, setOwner] = useState("");
  const [sla, setSla] = useState("4");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Exception owners
        </Text>
        <Text as="p" tone="subdued">
          A new exception of a class gets this owner and SLA at once; past the SLA it escalates through the “SLA overdue” rule.
        </Text>
        {owners.length > 0 && (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text"]}
            headings={["Class", "Owner", "SLA (hours)", ""]}
            rows={owners.map((o) => [
              label(o.class),
              o.owner,
              o.slaHours,
              <Form method="post" key={o.id}>
                <Hidden values={{ intent: "remove_owner", id: o.id }} />
                <Button submit variant="plain" tone="critical" accessibilityLabel={`Remove the owner of ${label(o.class)}`}>
                  Remove
                </Button>
              </Form>,
            ])}
          />
        )}
        <Form method="post">
          <Hidden values={{ intent: "save_owner", class: cls }} />
          <FormLayout>
            <FormLayout.Group condensed>
              <Select label="Class" options={classes.map((c) => ({ label: label(c), value: c }))} value={cls} onChange={setCls} />
              <TextField label="Owner (name or email)" name="owner" value={owner} onChange={setOwner} autoComplete="off" />
              <TextField label="SLA (hours)" name="slaHours" type="number" value={sla} onChange={setSla} autoComplete="off" />
            </FormLayout.Group>
            <Button submit loading={busy} disabled={!owner.trim()}>
              Save owner
            </Button>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}

export function AlertsPage({ data, result }: { data: AlertsData; result?: { ok: boolean; message?: string; error?: string; limit?: PlanLimit } }) {
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  useResultToast(result);
  const failing = data.channels.filter((c) => c.status === "failing");
  const channelName = new Map(data.channels.map((c) => [c.id, c.target]));
  const gated = data.planLimit;
  return (
    <Page
      title="Alerts"
      subtitle="Email and Slack-compatible webhooks for trouble that needs a person"
      primaryAction={{ content: "Send test alert", disabled: data.channels.length === 0 || Boolean(gated), loading: busy, onAction: () => submit({ intent: "test" }, { method: "post" }) }}
    >
      <Layout>
        {gated && (
          <Layout.Section>
            <PlanLimitBanner message={gated.error} limit={gated.limit} />
          </Layout.Section>
        )}
        {result && !result.ok && result.limit && !gated && (
          <Layout.Section>
            <PlanLimitBanner message={result.error ?? ""} limit={result.limit} />
          </Layout.Section>
        )}
        {failing.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={`${failing.length} channel${failing.length === 1 ? " is" : "s are"} failing`}>
              {failing.map((c) => (
                <p key={c.id}>{`${c.target}: ${c.lastError ?? "unknown error"} (since ${formatWhen(c.failingSince)})`}</p>
              ))}
            </Banner>
          </Layout.Section>
        )}
        {!data.smtpConfigured && data.channels.some((c) => c.kind === "email") && (
          <Layout.Section>
            <Banner tone="warning" title="Email is not configured on this server">
              <p>Set SMTP_URL so email channels can send.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <ChannelsCard channels={data.channels} busy={busy} locked={Boolean(gated)} />
            <RulesCard rules={data.rules} triggers={data.triggers} classes={data.classes} busy={busy} locked={Boolean(gated)} />
            <OwnersCard owners={data.owners} classes={data.classes} busy={busy} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Open troubles
              </Text>
              {data.incidents.length === 0 ? (
                <Text as="p" tone="subdued">
                  Nothing open.
                </Text>
              ) : (
                data.incidents.map((i) => (
                  <Text as="p" key={i.id}>
                    {i.title} <Text as="span" tone="subdued">{`· since ${formatWhen(i.openedAt)}`}</Text>
                  </Text>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                History
              </Text>
              {data.history.length === 0 ? (
                <Text as="p" tone="subdued">
                  No alert sent yet. “Send test alert” checks your channels.
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text"]}
                  headings={["When", "Message", "Channel", "Result", "Tries"]}
                  rows={data.history.map((d) => [
                    formatWhen(d.createdAt),
                    `${{ opened: "", repeat: "Reminder: ", resolved: "Resolved: ", test: "" }[d.kind] ?? ""}${d.title}`,
                    channelName.get(d.channelId) ?? "removed channel",
                    d.status === "sent" ? <Badge tone="success">Sent</Badge> : d.status === "failed" ? <Badge tone="critical">{`Failed: ${d.error ?? ""}`}</Badge> : <Badge>Sending</Badge>,
                    String(d.attempts),
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
