// Shown where a plan limit refused an action: what was refused, the plan comparison, the way up.
import { BlockStack, Banner, Text } from "@shopify/polaris";
import type { PlanLimit } from "../../billing/limit-error";
import { planById } from "../../billing/plans";
import { PlanComparison } from "./PlanComparison";

export function PlanLimitBanner({ message, limit }: { message: string; limit: PlanLimit }) {
  const needed = planById(limit.needed);
  return (
    <Banner tone="warning" title={`This needs the ${needed.name} plan`} action={{ content: `Compare plans and upgrade`, url: `/app/plans?need=${needed.id}` }}>
      <div data-testid="plan-limit-banner">
        <BlockStack gap="300">
          <Text as="p">{message}</Text>
          {limit.frozen && <Text as="p">The paid subscription is frozen until the store's Shopify bill is paid; Free limits apply meanwhile. Nothing was deleted.</Text>}
          <PlanComparison current={limit.current} highlight={limit.needed} />
        </BlockStack>
      </div>
    </Banner>
  );
}
