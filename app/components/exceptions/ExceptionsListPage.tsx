// The Exceptions list: counts by class, filters (SKU search, status, class, overdue), a paginated
// IndexTable with product and location names, and an empty state with the next step.
import { useEffect, useState } from "react";
import { useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, ChoiceList, Filters, IndexTable, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { EmptyCard } from "../EmptyCard";
import { formatWhen } from "../format";
import { useDownload } from "../useDownload";
import { classLabel, type ExceptionsListData } from "./types";

const STATUS = [
  { label: "Open", value: "open" },
  { label: "Resolved", value: "resolved" },
  { label: "All", value: "all" },
];

export function ExceptionsListPage({ data }: { data: ExceptionsListData }) {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(data.filter.sku ?? "");
  const { download, error: downloadError } = useDownload();
  const set = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("page" in patch)) next.delete("page");
    setParams(next, { preventScrollReset: true });
  };
  // The SKU search follows typing, a moment after the last key.
  useEffect(() => {
    if (query === (data.filter.sku ?? "")) return;
    const t = setTimeout(() => set({ sku: query || null }), 350);
    return () => clearTimeout(t);
  }, [query]);

  const status = data.filter.status ?? "open";
  const filters = [
    {
      key: "status",
      label: "Status",
      filter: <ChoiceList title="Status" titleHidden choices={STATUS} selected={[status]} onChange={([v]) => set({ status: v === "open" ? null : v })} />,
      shortcut: true,
    },
    {
      key: "class",
      label: "Class",
      filter: <ChoiceList title="Class" titleHidden choices={data.classes.map((c) => ({ label: classLabel(c), value: c }))} selected={data.filter.class ? [data.filter.class] : []} onChange={([v]) => set({ class: v ?? null })} />,
      shortcut: true,
    },
    {
      key: "overdue",
      label: "SLA",
      filter: <ChoiceList title="SLA" titleHidden allowMultiple choices={[{ label: "Overdue only", value: "1" }]} selected={data.filter.overdue ? ["1"] : []} onChange={(v) => set({ overdue: v.includes("1") ? "1" : null })} />,
      shortcut: true,
    },
  ];
  const applied = [
    ...(status !== "open" ? [{ key: "status", label: `Status: ${STATUS.find((s) => s.value === status)?.label}`, onRemove: () => set({ status: null }) }] : []),
    ...(data.filter.class ? [{ key: "class", label: `Class: ${classLabel(data.filter.class)}`, onRemove: () => set({ class: null }) }] : []),
    ...(data.filter.overdue ? [{ key: "overdue", label: "SLA overdue", onRemove: () => set({ overdue: null }) }] : []),
  ];
  const filtered = applied.length > 0 || !!data.filter.sku || !!data.filter.owner;
  const exportQuery = new URLSearchParams([...params.entries()].filter(([k]) => k !== "page"));

  const empty = !data.anyAtAll ? (
    <EmptyCard heading="No exceptions yet" testId="exceptions-empty" action={<Button url="/app/alerts">Set owners and alerts</Button>}>
      When the engine cannot settle a difference on its own (a store that drifted, a write that failed, a SKU on two products), it opens an exception here with
      its proof. Give each class an owner and an SLA so nothing waits.
    </EmptyCard>
  ) : (
    <EmptyCard
      heading={filtered ? "No exceptions match these filters" : "Nothing open"}
      testId="exceptions-empty"
      action={filtered ? <Button onClick={() => { setQuery(""); setParams(new URLSearchParams(), { preventScrollReset: true }); }}>Clear filters</Button> : <Button onClick={() => set({ status: "resolved" })}>Show resolved</Button>}
    >
      {filtered ? "Change or clear the filters to see more." : "Every exception is resolved. Resolved ones keep their trail."}
    </EmptyCard>
  );

  return (
    <Page
      title="Exceptions"
      subtitle="Differences the engine could not settle on its own, with their owner, SLA and proof"
      secondaryActions={[{ content: "Export CSV", onAction: () => download(`/app/exceptions/export.csv?${exportQuery}`, "stockroom-exceptions.csv"), disabled: !data.anyAtAll }]}
    >
      <Layout>
        {downloadError && (
          <Layout.Section>
            <Banner tone="critical" title={downloadError} />
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Open by class
              </Text>
              <InlineStack gap="200" wrap>
                {Object.entries(data.counts).map(([cls, c]) => (
                  <Badge key={cls} tone={c.open ? "critical" : undefined}>{`${classLabel(cls)}: ${c.open} open / ${c.resolved} resolved`}</Badge>
                ))}
                <Badge tone={data.overdue ? "critical" : "success"}>{`${data.overdue} overdue`}</Badge>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Filters
              queryValue={query}
              queryPlaceholder="Search by SKU"
              onQueryChange={setQuery}
              onQueryClear={() => setQuery("")}
              filters={filters}
              appliedFilters={applied}
              onClearAll={() => {
                setQuery("");
                setParams(new URLSearchParams(), { preventScrollReset: true });
              }}
            />
            <IndexTable
              resourceName={{ singular: "exception", plural: "exceptions" }}
              itemCount={data.rows.length}
              selectable={false}
              emptyState={empty}
              headings={[{ title: "Exception" }, { title: "Class" }, { title: "Status" }, { title: "Product" }, { title: "Location" }, { title: "Owner" }, { title: "SLA due" }]}
              pagination={{
                hasPrevious: data.page > 1,
                hasNext: data.page < data.pages,
                onPrevious: () => set({ page: String(data.page - 1) }),
                onNext: () => set({ page: String(data.page + 1) }),
                label: `Page ${data.page} of ${data.pages} · ${data.total} exceptions`,
              }}
            >
              {data.rows.map((r, i) => (
                <IndexTable.Row id={r.id} key={r.id} position={i}>
                  <IndexTable.Cell>
                    <div style={{ maxWidth: 420, whiteSpace: "normal" }}>
                      <Link url={`/app/exceptions/${r.id}`} removeUnderline dataPrimaryLink>
                        {r.title}
                      </Link>
                    </div>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{classLabel(r.class)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="100" wrap={false}>
                      <Badge tone={r.status === "open" ? "critical" : "success"}>{r.status === "open" ? "Open" : "Resolved"}</Badge>
                      {r.overdue && <Badge tone="warning">SLA overdue</Badge>}
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span">{r.product ?? "—"}</Text>
                      {r.sku && (
                        <Text as="span" tone="subdued" variant="bodySm">
                          {r.sku}
                        </Text>
                      )}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.location ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{r.owner ?? <Text as="span" tone="subdued">Unassigned</Text>}</IndexTable.Cell>
                  <IndexTable.Cell>{formatWhen(r.slaDueAt)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
