// The Feeds page: feeds list, "Add feed" with a mapping preview of the first rows, the selected
// feed (push URL, upload, thresholds), its runs, and the selected run — dry run, circuit
// breaker, approval, progress bar while applying, and the result.
import { useEffect, useState } from "react";
import { Form, useNavigation, useRevalidator } from "@remix-run/react";
import { parse } from "csv-parse/browser/esm/sync";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  FormLayout,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { RunSummary } from "../feeds/config";
import type { PlanLimit, PlanRefusal } from "../billing/limit-error";
import { PlanLimitBanner } from "./billing/PlanLimitBanner";
import { EmptyCard } from "./EmptyCard";
import { focusField } from "./focus";
import { formatWhen } from "./format";
import { useResultToast } from "./useToast";

interface FeedRow {
  id: string;
  name: string;
  source: string;
  target: string;
  mode: string;
  status: string;
  stale: boolean;
  lastAppliedAt: string | null;
  lastError: string | null;
  lastRun: string | null;
}

export interface FeedsPageData {
  /** set when the shop's plan does not include feeds: the banner replaces the add form */
  planLimit: PlanRefusal | null;
  feeds: FeedRow[];
  feed: {
    id: string;
    name: string;
    source: string;
    url: string | null;
    mode: string;
    target: string;
    status: string;
    mapping: Record<string, string>;
    zeroPct: number;
    changePct: number;
    maxAgeMinutes: number;
    staleBuffer: number;
    lastError: string | null;
    lastFetchedAt: string | null;
    lastAppliedAt: string | null;
    buffered: boolean;
    pushUrl: string;
    pushSecret: string | null;
  } | null;
  runs: { id: string; trigger: string; status: string; rowCount: number; errorCount: number; total: number; written: number; createdAt: string }[];
  run: {
    id: string;
    trigger: string;
    status: string;
    rowCount: number;
    total: number;
    written: number;
    error: string | null;
    contentHash: string;
    appliedAt: string | null;
    approvedBy: string | null;
    exceptionId: string | null;
    summary: Partial<RunSummary>;
  } | null;
  groups: { id: string; name: string }[];
  locations: { id: string; name: string }[];
  catalogVariants: number;
  importStatus: string | null;
  defaults: { zeroPct: number; changePct: number; maxAgeMinutes: number; staleBuffer: number; pollMinutes: number };
}

const STATUS_TONE: Record<string, "success" | "critical" | "warning" | "attention" | "info" | undefined> = {
  applied: "success",
  failed: "critical",
  held: "critical",
  dry_run: "attention",
  applying: "info",
  duplicate: undefined,
  rejected: undefined,
};
const STATUS_LABEL: Record<string, string> = { dry_run: "Dry run", held: "Held", applying: "Applying", applied: "Applied", failed: "Failed", duplicate: "Duplicate", rejected: "Rejected", parsing: "Reading" };

function RunBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status] ?? status}</Badge>;
}

function guess(columns: string[], ...names: string[]): string {
  return columns.find((c) => names.includes(c.trim().toLowerCase())) ?? "";
}

function AddFeedCard({ data, busy, onCancel }: { data: FeedsPageData; busy: boolean; onCancel?: () => void }) {
  const [name, setName] = useState("Supplier stock");
  const [source, setSource] = useState("upload");
  const [url, setUrl] = useState("");
  const [target, setTarget] = useState(data.locations.length || !data.groups.length ? "location" : "pool");
  const [locationId, setLocationId] = useState(data.locations[0]?.id ?? "");
  const [groupId, setGroupId] = useState(data.groups[0]?.id ?? "");
  const [mode, setMode] = useState("set");
  const [keyBy, setKeyBy] = useState("sku");
  const [keyColumn, setKeyColumn] = useState("sku");
  const [quantityColumn, setQuantityColumn] = useState("quantity");
  const [preview, setPreview] = useState<{ columns: string[]; rows: string[][] } | null>(null);
  const [zeroPct, setZeroPct] = useState(String(data.defaults.zeroPct));
  const [changePct, setChangePct] = useState(String(data.defaults.changePct));
  const [maxAge, setMaxAge] = useState(String(data.defaults.maxAgeMinutes));
  const [buffer, setBuffer] = useState(String(data.defaults.staleBuffer));

  async function onFile(file: File | undefined) {
    if (!file) return setPreview(null);
    const head = (await file.slice(0, 64 * 1024).text()).replace(/^\uFEFF/, "");
    const lines = head.split(/\r?\n/).slice(0, 6).join("\n");
    const first = lines.split("\n", 1)[0];
    const delimiter = [";", "\t", "|", ","].map((d) => [d, first.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
    try {
      const rows = parse(lines, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true }) as string[][];
      const columns = rows[0] ?? [];
      setPreview({ columns, rows: rows.slice(1, 6) });
      setKeyColumn(guess(columns, "sku", "variant sku", "item", "barcode", "ean", "upc") || columns[0] || "sku");
      setQuantityColumn(guess(columns, "quantity", "qty", "stock", "available", "on hand") || columns[1] || "quantity");
      if (/barcode|ean|upc|gtin/i.test(guess(columns, "barcode", "ean", "upc", "gtin"))) setKeyBy(guess(columns, "sku") ? "sku" : "barcode");
    } catch {
      setPreview(null);
    }
  }

  const columnOptions = preview?.columns.map((c) => ({ label: c, value: c }));
  return (
    <Card>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="create" />
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            Add a feed
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <TextField id="feed-name" label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
              <Select
                label="Source"
                name="source"
                options={[
                  { label: "Upload a file", value: "upload" },
                  { label: "URL, polled on a schedule", value: "url" },
                  { label: "Push to the feed's endpoint", value: "push" },
                ]}
                value={source}
                onChange={setSource}
              />
            </FormLayout.Group>
            {source === "url" && <TextField label="Feed URL (HTTPS)" name="url" value={url} onChange={setUrl} autoComplete="off" helpText="Polled every 15 minutes with ETag / If-Modified-Since." />}
            {source === "upload" && (
              <BlockStack gap="100">
                <label htmlFor="feed-file">
                  <Text as="span">File (CSV with any delimiter, or JSON)</Text>
                </label>
                <input id="feed-file" type="file" name="file" accept=".csv,.txt,.json,text/csv,application/json" onChange={(e) => void onFile(e.currentTarget.files?.[0])} />
              </BlockStack>
            )}
            {preview && (
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">
                  First rows
                </Text>
                <div data-testid="mapping-preview">
                  <DataTable columnContentTypes={preview.columns.map(() => "text")} headings={preview.columns} rows={preview.rows} />
                </div>
              </BlockStack>
            )}
            <FormLayout.Group>
              <Select label="Match by" name="keyBy" options={[{ label: "SKU", value: "sku" }, { label: "Barcode", value: "barcode" }]} value={keyBy} onChange={setKeyBy} />
              {columnOptions ? (
                <Select label={keyBy === "sku" ? "SKU column" : "Barcode column"} name="keyColumn" options={columnOptions} value={keyColumn} onChange={setKeyColumn} />
              ) : (
                <TextField label={keyBy === "sku" ? "SKU column" : "Barcode column"} name="keyColumn" value={keyColumn} onChange={setKeyColumn} autoComplete="off" />
              )}
              {columnOptions ? (
                <Select label="Quantity column" name="quantityColumn" options={columnOptions} value={quantityColumn} onChange={setQuantityColumn} />
              ) : (
                <TextField label="Quantity column" name="quantityColumn" value={quantityColumn} onChange={setQuantityColumn} autoComplete="off" />
              )}
            </FormLayout.Group>
            <FormLayout.Group>
              <Select label="Mode" name="mode" options={[{ label: "Set quantities", value: "set" }, { label: "Add deltas", value: "delta" }]} value={mode} onChange={setMode} />
              <Select
                label="Writes to"
                name="target"
                options={[{ label: "One location of this store", value: "location" }, ...(data.groups.length ? [{ label: "A sync group's pool", value: "pool" }] : [])]}
                value={target}
                onChange={setTarget}
              />
              {target === "location" ? (
                <Select label="Location" name="locationId" options={data.locations.map((l) => ({ label: l.name, value: l.id }))} value={locationId} onChange={setLocationId} />
              ) : (
                <Select label="Sync group" name="groupId" options={data.groups.map((g) => ({ label: g.name, value: g.id }))} value={groupId} onChange={setGroupId} />
              )}
            </FormLayout.Group>
            <FormLayout.Group condensed>
              <TextField label="Hold if zeroing more than (%)" name="zeroPct" type="number" value={zeroPct} onChange={setZeroPct} autoComplete="off" />
              <TextField label="Hold if changing more than (%)" name="changePct" type="number" value={changePct} onChange={setChangePct} autoComplete="off" />
              <TextField label="Max age (minutes)" name="maxAgeMinutes" type="number" value={maxAge} onChange={setMaxAge} autoComplete="off" />
              <TextField label="Stale buffer (units)" name="staleBuffer" type="number" value={buffer} onChange={setBuffer} autoComplete="off" />
            </FormLayout.Group>
          </FormLayout>
          <InlineStack gap="200" align="end">
            {onCancel && <Button onClick={onCancel}>Cancel</Button>}
            <Button submit variant="primary" loading={busy}>
              {source === "upload" ? "Upload and preview" : "Add feed"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function ChangeTable({ title, rows }: { title: string; rows: { sku: string; before: number | null; after: number }[] }) {
  if (!rows.length) return null;
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <DataTable columnContentTypes={["text", "numeric", "numeric"]} headings={["SKU", "Now", "After"]} rows={rows.map((r) => [r.sku, r.before ?? "—", r.after])} />
    </BlockStack>
  );
}

function RunCard({ run, busy }: { run: NonNullable<FeedsPageData["run"]>; busy: boolean }) {
  const s = run.summary;
  const pct = run.total ? Math.round((run.written / run.total) * 100) : run.status === "applied" ? 100 : 0;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Run of {formatWhen(run.appliedAt ?? null) === "—" ? "this feed" : formatWhen(run.appliedAt)}
          </Text>
          <RunBadge status={run.status} />
        </InlineStack>
        {run.status === "held" && (
          <Banner tone="critical" title="Held by the circuit breaker">
            <BlockStack gap="100">
              {(s.held ?? []).map((h) => (
                <Text as="p" key={h}>
                  {h}
                </Text>
              ))}
              <Text as="p">Nothing has been written. Approve it if the feed is right, or reject it.</Text>
            </BlockStack>
          </Banner>
        )}
        {run.status === "dry_run" && <Banner tone="info" title="Dry run: nothing is written until you approve" />}
        {run.status === "failed" && <Banner tone="critical" title="The run failed; nothing of it was applied">{run.error}</Banner>}
        {run.status === "duplicate" && <Banner title="Identical to an earlier run: nothing changes">{run.error}</Banner>}
        {(run.status === "applying" || run.status === "applied") && (
          <BlockStack gap="200">
            <div data-testid="run-progress" aria-label={`${pct} % written`}>
              <ProgressBar progress={pct} tone={run.status === "applied" ? "success" : "highlight"} />
            </div>
            <Text as="p" tone="subdued">
              {run.written} of {run.total} quantities written
            </Text>
          </BlockStack>
        )}
        {run.status === "applied" && (
          <Banner tone="success" title="Applied">
            {run.written} quantities written{run.approvedBy ? `, approved by ${run.approvedBy}` : ""}.
          </Banner>
        )}
        <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
          {[
            ["Rows", s.rows ?? run.rowCount],
            ["SKUs that change", s.changed ?? 0],
            ["To zero", s.zeroed ?? 0],
            ["Unknown SKUs", s.unknownCount ?? 0],
            ["Rows with errors", s.errorCount ?? 0],
          ].map(([label, value]) => (
            <BlockStack key={String(label)} gap="050">
              <Text as="span" tone="subdued">
                {label}
              </Text>
              <Text as="span" variant="headingLg" numeric>
                {String(value)}
              </Text>
            </BlockStack>
          ))}
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <ChangeTable title="Largest increases" rows={s.increases ?? []} />
          <ChangeTable title="Largest decreases" rows={s.decreases ?? []} />
        </InlineGrid>
        {(s.unknown?.length ?? 0) > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Unknown SKUs
            </Text>
            <DataTable columnContentTypes={["text", "numeric"]} headings={["SKU", "Line"]} rows={s.unknown!.slice(0, 20).map((u) => [u.sku, u.line])} />
          </BlockStack>
        )}
        {(s.errors?.length ?? 0) > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Rows with errors
            </Text>
            <DataTable columnContentTypes={["numeric", "text"]} headings={["Line", "Reason"]} rows={s.errors!.slice(0, 50).map((e) => [e.line, e.reason])} />
          </BlockStack>
        )}
        {(run.status === "held" || run.status === "dry_run") && (
          <InlineStack gap="200" align="end">
            <Form method="post">
              <input type="hidden" name="intent" value="reject" />
              <input type="hidden" name="runId" value={run.id} />
              <Button submit disabled={busy}>
                Reject
              </Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value="approve" />
              <input type="hidden" name="runId" value={run.id} />
              <Button submit variant="primary" loading={busy}>
                Approve and apply
              </Button>
            </Form>
          </InlineStack>
        )}
        {run.exceptionId && (
          <Link url={`/app/exceptions?id=${run.exceptionId}`} removeUnderline>
            The feed_suspect exception of this run
          </Link>
        )}
      </BlockStack>
    </Card>
  );
}

function FeedCard({ feed, busy }: { feed: NonNullable<FeedsPageData["feed"]>; busy: boolean }) {
  const [zero, setZero] = useState(String(feed.zeroPct));
  const [change, setChange] = useState(String(feed.changePct));
  const [age, setAge] = useState(String(feed.maxAgeMinutes));
  const [buffer, setBuffer] = useState(String(feed.staleBuffer));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {feed.name}
          </Text>
          <Badge tone={feed.status === "active" ? "success" : undefined}>{feed.status === "active" ? "Active" : "Paused"}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued">
          {feed.mode === "set" ? "Sets quantities" : "Adds deltas"} · {feed.target === "pool" ? "into a sync group's pool" : "into one location"} · columns {Object.entries(feed.mapping).filter(([k, v]) => v && k !== "delimiter").map(([k, v]) => `${k}: ${v}`).join(", ")} · last applied {formatWhen(feed.lastAppliedAt)}
        </Text>
        {feed.buffered && <Banner tone="warning" title="Stale: a safety buffer is in force">Its SKUs show {feed.staleBuffer} fewer units until a fresh run arrives.</Banner>}
        {feed.lastError && <Banner tone="critical" title="Last fetch or run failed">{feed.lastError}</Banner>}
        {feed.source === "push" && (
          <BlockStack gap="100">
            <TextField label="Push endpoint" value={feed.pushUrl} readOnly autoComplete="off" />
            <TextField label="Signing secret (X-Stockroom-Hmac-Sha256 = base64 HMAC-SHA256 of the body)" value={feed.pushSecret ?? ""} readOnly autoComplete="off" />
          </BlockStack>
        )}
        <InlineStack gap="200" blockAlign="end">
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="upload" />
            <input type="hidden" name="feedId" value={feed.id} />
            <InlineStack gap="200" blockAlign="center">
              <label htmlFor="feed-reupload">
                <Text as="span">New file</Text>
              </label>
              <input id="feed-reupload" type="file" name="file" accept=".csv,.txt,.json,text/csv,application/json" />
              <Button submit disabled={busy}>
                Upload and preview
              </Button>
            </InlineStack>
          </Form>
          {feed.source === "url" && (
            <Form method="post">
              <input type="hidden" name="intent" value="poll" />
              <input type="hidden" name="feedId" value={feed.id} />
              <Button submit disabled={busy}>
                Poll now
              </Button>
            </Form>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value={feed.status === "active" ? "pause" : "resume"} />
            <input type="hidden" name="feedId" value={feed.id} />
            <Button submit disabled={busy}>
              {feed.status === "active" ? "Pause" : "Resume"}
            </Button>
          </Form>
        </InlineStack>
        <Form method="post">
          <input type="hidden" name="intent" value="thresholds" />
          <input type="hidden" name="feedId" value={feed.id} />
          <FormLayout>
            <FormLayout.Group condensed>
              <TextField label="Hold if zeroing more than (%)" name="zeroPct" type="number" value={zero} onChange={setZero} autoComplete="off" />
              <TextField label="Hold if changing more than (%)" name="changePct" type="number" value={change} onChange={setChange} autoComplete="off" />
              <TextField label="Max age (minutes)" name="maxAgeMinutes" type="number" value={age} onChange={setAge} autoComplete="off" />
              <TextField label="Stale buffer (units)" name="staleBuffer" type="number" value={buffer} onChange={setBuffer} autoComplete="off" />
            </FormLayout.Group>
            <Button submit disabled={busy}>
              Save thresholds
            </Button>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}

export function FeedsPage({ data, result }: { data: FeedsPageData; result?: { ok: boolean; error?: string; message?: string; limit?: PlanLimit } }) {
  const busy = useNavigation().state !== "idle";
  const [adding, setAdding] = useState(false);
  const revalidator = useRevalidator();
  useResultToast(result);
  const applying = data.run?.status === "applying" || data.run?.status === "parsing";
  useEffect(() => {
    if (!applying) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(t);
  }, [applying, revalidator]);
  const gated = data.planLimit;
  const showAdd = !gated && (adding || data.feeds.length === 0);
  return (
    <Page title="Feeds" subtitle="Supplier and warehouse stock in: every run shows a dry run first, and a run that looks wrong is held." primaryAction={{ content: "Add feed", onAction: () => setAdding(true), disabled: showAdd || Boolean(gated) }}>
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
        {data.catalogVariants === 0 && (
          <Layout.Section>
            <Banner tone="warning" title="Import your catalog first">
              <BlockStack gap="200">
                <Text as="p">Feed rows are matched to your variants by SKU or barcode; the app has not imported them yet{data.importStatus ? ` (import ${data.importStatus})` : ""}.</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="import" />
                  <Button submit loading={busy}>
                    Import catalog
                  </Button>
                </Form>
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        {showAdd && (
          <Layout.Section>
            {data.feeds.length === 0 && !adding ? (
              <BlockStack gap="400">
                <Card>
                  <EmptyCard
                    heading="No feeds yet"
                    testId="feeds-empty"
                    action={
                      <Button variant="primary" onClick={() => focusField("feed-name")}>
                        Add your first feed
                      </Button>
                    }
                  >
                    Upload a supplier's CSV, give a URL to poll, or let your warehouse push to a signed endpoint.
                  </EmptyCard>
                </Card>
                <AddFeedCard data={data} busy={busy} />
              </BlockStack>
            ) : (
              <AddFeedCard data={data} busy={busy} onCancel={() => setAdding(false)} />
            )}
          </Layout.Section>
        )}
        {data.feeds.length > 0 && (
          <Layout.Section>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "feed", plural: "feeds" }}
                itemCount={data.feeds.length}
                selectable={false}
                headings={[{ title: "Feed" }, { title: "Source" }, { title: "Writes" }, { title: "Status" }, { title: "Last run" }, { title: "Last applied" }]}
              >
                {data.feeds.map((f, i) => (
                  <IndexTable.Row id={f.id} key={f.id} position={i} selected={data.feed?.id === f.id}>
                    <IndexTable.Cell>
                      <Link url={`/app/feeds?feed=${f.id}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {f.name}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{f.source === "url" ? "Polled URL" : f.source === "push" ? "Push" : "Upload"}</IndexTable.Cell>
                    <IndexTable.Cell>{`${f.mode === "set" ? "Set" : "Delta"} · ${f.target === "pool" ? "pool" : "location"}`}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {f.status !== "active" ? <Badge>Paused</Badge> : f.stale ? <Badge tone="warning">Stale</Badge> : f.lastError ? <Badge tone="critical">Error</Badge> : <Badge tone="success">Active</Badge>}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{f.lastRun ? <RunBadge status={f.lastRun} /> : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{formatWhen(f.lastAppliedAt)}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </Layout.Section>
        )}
        {data.run && (
          <Layout.Section>
            <RunCard run={data.run} busy={busy} />
          </Layout.Section>
        )}
        {data.feed && (
          <Layout.Section>
            <FeedCard key={data.feed.id} feed={data.feed} busy={busy} />
          </Layout.Section>
        )}
        {data.feed && data.runs.length > 0 && (
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  Runs
                </Text>
              </Box>
              <IndexTable
                resourceName={{ singular: "run", plural: "runs" }}
                itemCount={data.runs.length}
                selectable={false}
                headings={[{ title: "When" }, { title: "From" }, { title: "Status" }, { title: "Rows", alignment: "end" }, { title: "Errors", alignment: "end" }, { title: "Written", alignment: "end" }]}
              >
                {data.runs.map((r, i) => (
                  <IndexTable.Row id={r.id} key={r.id} position={i} selected={data.run?.id === r.id}>
                    <IndexTable.Cell>
                      <Link url={`/app/feeds?feed=${data.feed!.id}&run=${r.id}`} removeUnderline>
                        {formatWhen(r.createdAt)}
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{r.trigger}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <RunBadge status={r.status} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {r.rowCount}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {r.errorCount}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {`${r.written} / ${r.total}`}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
