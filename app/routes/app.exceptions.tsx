// Admin page "Exceptions": trouble the engine could not settle on its own, each with class,
// SKU, location, owner, SLA (overdue badge), the triggering event and its proof trail, and the
// actions retry / accept store value / accept pool value / pause / resume (a note is required).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { actOnException, exceptionTrail, listExceptions, type ExceptionAction, type ExceptionFilter } from "../sync/admin.server";
import { EXCEPTION_CLASSES } from "../sync/exception-classes";
import { formObject, orNotFound, runAction } from "../sync/route-helpers.server";

function filterFrom(url: URL): ExceptionFilter {
  const p = url.searchParams;
  return {
    status: (p.get("status") as ExceptionFilter["status"]) || "open",
    class: p.get("class") || undefined,
    sku: p.get("sku") || undefined,
    owner: p.get("owner") || undefined,
    overdue: p.get("overdue") === "1",
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const filter = filterFrom(url);
  const list = await listExceptions(session.shop, filter);
  const selected = url.searchParams.get("id");
  const detail = selected ? await orNotFound(() => exceptionTrail(session.shop, selected)) : null;
  return { filter, ...list, detail, query: url.search };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const f = formObject(await request.formData());
  return runAction(async () => {
    await actOnException(session.shop, f.id ?? "", { action: f.action as ExceptionAction, note: f.note ?? "", owner: f.owner, by: f.by || session.shop });
    return { message: f.action === "assign" ? "Owner saved" : "Action queued; the trail shows the outcome" };
  });
};

const ACTIONS: { value: ExceptionAction; label: string }[] = [
  { value: "retry", label: "Retry" },
  { value: "accept_store", label: "Accept store value" },
  { value: "accept_pool", label: "Accept pool value" },
  { value: "pause", label: "Pause SKU" },
  { value: "resume", label: "Resume SKU" },
];

export default function ExceptionsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params, setParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    next.delete("id");
    setParams(next);
  };
  const csvHref = `/app/exceptions/export.csv${data.query ? data.query : ""}`;
  return (
    <Page>
      <TitleBar title="Exceptions" />
      <Layout>
        {result && (
          <Layout.Section>
            {result.ok ? <Banner tone="success" title={result.value.message} /> : <Banner tone="critical" title={result.error} />}
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" wrap>
                {Object.entries(data.counts).map(([cls, c]) => (
                  <Badge key={cls} tone={c.open ? "critical" : undefined}>{`${cls.replace("_", " ")}: ${c.open} open / ${c.resolved} resolved`}</Badge>
                ))}
                <Badge tone={data.overdue ? "critical" : "success"}>{`${data.overdue} overdue`}</Badge>
              </InlineStack>
              <InlineStack gap="200" blockAlign="end">
                <Select label="Status" value={data.filter.status ?? "open"} onChange={(v) => set("status", v)} options={[{ label: "Open", value: "open" }, { label: "Resolved", value: "resolved" }, { label: "All", value: "all" }]} />
                <Select label="Class" value={data.filter.class ?? ""} onChange={(v) => set("class", v)} options={[{ label: "All", value: "" }, ...EXCEPTION_CLASSES.map((c) => ({ label: c, value: c }))]} />
                <TextField label="SKU" value={data.filter.sku ?? ""} onChange={(v) => set("sku", v)} autoComplete="off" />
                <Button onClick={() => set("overdue", data.filter.overdue ? "" : "1")} pressed={!!data.filter.overdue}>Overdue only</Button>
                <Button url={csvHref} download>Export CSV</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              {data.rows.length === 0 && <Text as="p">No exceptions match.</Text>}
              {data.rows.map((r) => (
                <InlineStack key={r.id} gap="200" blockAlign="center" wrap={false}>
                  <Badge tone={r.status === "open" ? "critical" : "success"}>{r.status}</Badge>
                  <Badge>{r.class}</Badge>
                  {r.overdue && <Badge tone="critical">SLA overdue</Badge>}
                  <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), id: r.id })}`}>{r.title}</Link>
                  <Text as="span" tone="subdued">{r.sku ?? ""} {r.owner ? `· owner ${r.owner}` : "· unassigned"}</Text>
                </InlineStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        {data.detail && (
          <Layout.Section>
            <Detail detail={data.detail} busy={busy} />
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

function Detail({ detail, busy }: { detail: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["detail"]>; busy: boolean }) {
  const ex = detail.exception;
  const [note, setNote] = useState("");
  const [owner, setOwner] = useState(ex.owner ?? "");
  const [act, setAct] = useState<ExceptionAction>(ex.class === "drift" ? "accept_store" : "retry");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{ex.title}</Text>
        <Text as="p">
          Class {ex.class} · SKU {ex.sku ?? "—"} · location {ex.locationId ?? "—"} · amount {ex.amount ?? "—"} · SLA due {new Date(ex.slaDueAt).toLocaleString()}
        </Text>
        {ex.payloadSnapshot && (
          <Text as="p" tone="subdued">Triggering event {ex.sourceEventId}: <code>{ex.payloadSnapshot}</code></Text>
        )}
        <Form method="post">
          <input type="hidden" name="id" value={ex.id} />
          <input type="hidden" name="action" value="assign" />
          <InlineStack gap="200" blockAlign="end">
            <TextField label="Owner (name or email)" name="owner" value={owner} onChange={setOwner} autoComplete="email" />
            <Button submit loading={busy}>Assign</Button>
          </InlineStack>
        </Form>
        {ex.status === "open" ? (
          <Form method="post">
            <input type="hidden" name="id" value={ex.id} />
            <BlockStack gap="200">
              <Select label="Action" name="action" value={act} onChange={(v) => setAct(v as ExceptionAction)} options={ACTIONS} />
              <TextField label="Resolution note (required)" name="note" value={note} onChange={setNote} multiline={3} autoComplete="off" requiredIndicator />
              <Button submit variant="primary" disabled={!note.trim()} loading={busy}>Apply</Button>
            </BlockStack>
          </Form>
        ) : (
          <Banner tone="success" title={`Resolved: ${ex.resolution}`}>{ex.resolutionNote}</Banner>
        )}
        <Text as="h3" variant="headingSm">Trail</Text>
        {detail.trail.map((t, i) => (
          <Text as="p" key={i}>{t.at} · {t.by} · {t.action}{t.note ? ` — ${t.note}` : ""}</Text>
        ))}
        <Text as="h3" variant="headingSm">Stock events (proof)</Text>
        {detail.events.map((e) => (
          <Text as="p" key={e.id} tone="subdued">
            {new Date(e.createdAt).toISOString()} · {e.shop} · {e.cause} · Δ{e.delta} → store {e.valueAfter ?? "—"}, pool {e.poolAfter ?? "—"} · {e.result}{e.sourceEventId ? ` · event ${e.sourceEventId}` : ""}
          </Text>
        ))}
      </BlockStack>
    </Card>
  );
}
