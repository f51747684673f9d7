import { Form, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, IndexTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { VELOCITY_IN_WORDS } from "../../sync/velocity";
import type { GroupView, SkuPage } from "./types";

/** Per SKU: the pool, mirroring or allocating, and each store's allocation with its recent velocity. */
export function SkuAllocationTable({ g, skus, filter }: { g: GroupView; skus: SkuPage; filter: string }) {
  const [params, setParams] = useSearchParams();
  const [sku, setSku] = useState(filter);
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    setParams(next);
  };
  const name = (id: string) => {
    const m = g.members.find((x) => x.id === id);
    return m ? `${m.shop.replace(".myshopify.com", "")}${m.locationName ? ` (${m.locationName})` : ""}` : id;
  };
  const headings = [{ title: "SKU" }, { title: "Pool" }, { title: "Members show" }, ...skus.members.map((m) => ({ title: name(m.id) })), { title: g.protection === "automatic" ? "Threshold" : "" }] as [{ title: string }, ...{ title: string }[]];
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="end">
        <Text as="h3" variant="headingSm">{`SKUs (${skus.total})`}</Text>
        <Form method="get">
          <InlineStack gap="200" blockAlign="end">
            <TextField label="Find SKU" labelHidden name="sku" value={sku} onChange={setSku} autoComplete="off" placeholder="SKU starts with…" />
            <Button submit>Find</Button>
          </InlineStack>
        </Form>
      </InlineStack>
      <IndexTable
        resourceName={{ singular: "SKU", plural: "SKUs" }}
        itemCount={skus.rows.length}
        selectable={false}
        headings={headings}
        pagination={{ hasPrevious: skus.page > 1, onPrevious: () => go(skus.page - 1), hasNext: skus.page < skus.pages, onNext: () => go(skus.page + 1), label: `Page ${skus.page} of ${skus.pages}` }}
      >
        {skus.rows.map((r, i) => (
          <IndexTable.Row id={r.sku} key={r.sku} position={i}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">{r.sku}</Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{r.pool}</IndexTable.Cell>
            <IndexTable.Cell>
              {r.paused ? <Badge tone="warning">paused</Badge> : r.allocating ? <Badge tone="success">allocations</Badge> : <Badge>the pool (mirrored)</Badge>}
            </IndexTable.Cell>
            {r.members.map((m, j) => (
              <IndexTable.Cell key={j}>
                {m ? <span data-testid={`alloc-${r.sku}-${j}`}>{`${m.shows} · ${m.perMinute}/min`}</span> : "—"}
              </IndexTable.Cell>
            ))}
            <IndexTable.Cell>{g.protection === "automatic" ? (r.threshold ?? "not measured yet") : ""}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <Text as="p" tone="subdued">
        Each store column: what the store shows (its allocation while allocating) · its recent velocity in units per minute. {VELOCITY_IN_WORDS} Allocation shares: one unit first to each store with demand (fastest first), the rest in proportion to velocity plus a tenth of the average, so a store that has not sold yet keeps some stock.
      </Text>
    </BlockStack>
  );
}
