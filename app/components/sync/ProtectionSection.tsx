import { Form } from "@remix-run/react";
import { Badge, BlockStack, Button, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { THRESHOLD_IN_WORDS } from "../../sync/targets";
import { PROTECTION_OPTIONS } from "./GroupForms";
import type { GroupView } from "./types";

const LABEL: Record<string, string> = { off: "Off", automatic: "Automatic", guaranteed: "Guaranteed" };

/** The group's oversell protection and Automatic's threshold (merchant's number, or measured). */
export function ProtectionSection({ g, busy }: { g: GroupView; busy: boolean }) {
  const [protection, setProtection] = useState(g.protection);
  const [below, setBelow] = useState(g.group.allocateBelow === null ? "" : String(g.group.allocateBelow));
  if (g.group.mode === "source") return <Text as="p" tone="subdued">Oversell protection applies to shared pools; a source → destinations group mirrors the source.</Text>;
  const threshold = g.group.allocateBelow !== null ? `allocate at or below ${g.group.allocateBelow} units (your number)` : `measured per SKU: recent velocity of all stores × propagation p99 (${g.p99Ms} ms${g.p99Measured ? ", measured" : ", assumed until measured"}) × 2`;
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">Oversell protection</Text>
        <span data-testid="protection-mode">
          <Badge tone={g.protection === "off" ? "warning" : "success"}>{LABEL[g.protection]}</Badge>
        </span>
        {g.protection === "automatic" && <Text as="span" tone="subdued">{threshold}</Text>}
        {g.protection !== "off" && <Text as="span" tone="subdued">{`${g.allocating} of ${g.items} SKUs allocating now`}</Text>}
      </InlineStack>
      <Form method="post">
        <input type="hidden" name="intent" value="protection" />
        <input type="hidden" name="groupId" value={g.group.id} />
        <InlineStack gap="200" blockAlign="end">
          <Select label="Protection" name="protection" value={protection} onChange={(v) => setProtection(v as typeof protection)} options={PROTECTION_OPTIONS} />
          {protection === "automatic" && (
            <TextField label="Allocate below (units, empty = measured)" type="number" name="allocateBelow" value={below} onChange={setBelow} autoComplete="off" min={0} />
          )}
          <Button submit loading={busy}>Save protection</Button>
        </InlineStack>
      </Form>
      <Text as="p" tone="subdued">
        Guaranteed: each store shows only its own share of the pool (the shares add up to the pool minus buffers), so no store can sell a unit another store sells. Units move to the stores that sell: taken from a store first, confirmed, then given. {THRESHOLD_IN_WORDS}
      </Text>
    </BlockStack>
  );
}
