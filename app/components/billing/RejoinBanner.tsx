// After a reinstall: the groups this store left when it uninstalled, back only if the merchant says so.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { PlanLimitBanner } from "./PlanLimitBanner";
import type { PlanLimit } from "../../billing/limit-error";

type Result = { ok: true; value: { message: string } } | { ok: false; error: string; limit?: PlanLimit };

function Item({ groupId, groupName, suspendedAt }: { groupId: string; groupName: string; suspendedAt: string }) {
  const f = useFetcher<Result>();
  const busy = f.state !== "idle";
  const post = (intent: string) => f.submit({ intent, groupId }, { method: "post", action: "/app/rejoin" });
  if (f.data?.ok) return <Banner tone="success" title={f.data.value.message} />;
  return (
    <Banner tone="info" title={`Rejoin “${groupName}”?`}>
      <BlockStack gap="200">
        <Text as="p">
          This store left the group when Stockroom was uninstalled ({new Date(suspendedAt).toLocaleDateString("en-US", { dateStyle: "medium" })}). Rejoining links its SKUs again from
          the stock it has now.
        </Text>
        {f.data && !f.data.ok && (f.data.limit ? <PlanLimitBanner message={f.data.error} limit={f.data.limit} /> : <Text as="p" tone="critical">{f.data.error}</Text>)}
        <InlineStack gap="200">
          <Button variant="primary" loading={busy} onClick={() => post("rejoin")}>
            Rejoin the group
          </Button>
          <Button loading={busy} onClick={() => post("dismiss")}>
            Not now
          </Button>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

export function RejoinBanner({ items }: { items: { groupId: string; groupName: string; suspendedAt: string }[] }) {
  return (
    <BlockStack gap="200">
      {items.map((i) => (
        <Item key={i.groupId} {...i} />
      ))}
    </BlockStack>
  );
}
