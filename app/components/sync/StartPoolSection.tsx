import { Form, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, DataTable, InlineStack, Pagination, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { GroupView } from "./types";

const PAGE = 20;

/**
 * A draft group: the merchant picks how the starting pool is formed, sees per SKU each store's
 * current value and the value it will get, and only then enables (which writes exactly that).
 */
export function StartPoolSection({ g, planPage, busy }: { g: GroupView; planPage: number; busy: boolean }) {
  const [params, setParams] = useSearchParams();
  const plan = g.plan;
  const initialRule = plan ? (plan.rule.kind === "store" ? `store:${plan.rule.shop}` : plan.rule.kind) : `store:${g.group.ownerShop}`;
  const [rule, setRule] = useState(initialRule);
  const options = [
    ...g.members.map((m) => ({ label: `${m.shop}'s counts are the truth`, value: `store:${m.shop}` })),
    { label: "Sum — separate stock, pooled", value: "sum" },
    { label: "Lowest — the safe choice", value: "lowest" },
  ];
  const [kind, ruleShop] = rule.startsWith("store:") ? ["store", rule.slice(6)] : [rule, ""];
  const pages = plan ? Math.max(1, Math.ceil(plan.rows.length / PAGE)) : 1;
  const page = Math.min(pages, Math.max(1, planPage));
  const rows = plan ? plan.rows.slice((page - 1) * PAGE, page * PAGE) : [];
  const shops = g.members.map((m) => m.shop);
  const go = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("planPage", String(p));
    setParams(next);
  };
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">Starting pool</Text>
      {g.preview && (
        <Text as="p">
          {g.preview.matched} SKUs in several stores, {g.preview.unmatched} in one store only, {g.preview.conflicting.length} conflicting (duplicate {g.group.matchBy}), {g.preview.missingKey} without a {g.group.matchBy}
        </Text>
      )}
      {g.preview?.conflicting.slice(0, 20).map((c) => (
        <Text as="p" tone="critical" key={`${c.key}-${c.shop}`}>{`${c.key} appears ${c.variants.length}× in ${c.shop}: not synced until fixed`}</Text>
      ))}
      <Form method="post">
        <input type="hidden" name="intent" value="preview" />
        <input type="hidden" name="groupId" value={g.group.id} />
        <input type="hidden" name="rule" value={kind} />
        <input type="hidden" name="ruleShop" value={ruleShop} />
        <InlineStack gap="200" blockAlign="end">
          <Select label="How the starting pool is formed" value={rule} onChange={setRule} options={options} />
          <Button submit loading={busy}>Preview starting pool</Button>
        </InlineStack>
      </Form>
      {plan ? (
        <BlockStack gap="200">
          <Banner tone="info" title={`Preview: ${plan.rows.length} SKUs — nothing is written until you enable`}>
            <p>Read from the stores at {new Date(plan.readAt).toLocaleString()}. Enabling writes exactly the values on the right; if a store's number moved since, nothing is written and you get a fresh preview.</p>
          </Banner>
          <DataTable
            columnContentTypes={["text", "text", ...shops.map(() => "text" as const), "numeric", "text"]}
            headings={["SKU", "Rule", ...shops.map((s) => `${s}: now → enabled`), "Pool", "Pool under each rule"]}
            rows={rows.map((r) => [r.key, r.words, ...shops.map((s) => {
              const m = r.members.find((x) => x.shop === s);
              return m ? `${m.current} → ${m.target}` : "—";
            }), r.pool, (r.outcomes ?? []).map((o) => `${o.label}: ${o.pool}`).join(" · ")])}
          />
          {pages > 1 && <Pagination hasPrevious={page > 1} onPrevious={() => go(page - 1)} hasNext={page < pages} onNext={() => go(page + 1)} label={`Page ${page} of ${pages}`} />}
          <Form method="post">
            <input type="hidden" name="intent" value="enable" />
            <input type="hidden" name="groupId" value={g.group.id} />
            <input type="hidden" name="planId" value={plan.id} />
            <Button submit variant="primary" loading={busy}>Enable sync with this starting pool</Button>
          </Form>
        </BlockStack>
      ) : (
        <Text as="p" tone="subdued">Preview the starting pool to see what each store will show, then enable.</Text>
      )}
    </BlockStack>
  );
}
