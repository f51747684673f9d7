// Admin page "Sync": create or join a sync group, share keys, mode / matching / location /
// buffer, oversell protection, the starting pool before enabling, per-SKU allocations, enable /
// pause / leave, reconciliation and the catalog import with its progress.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { PlanLimitBanner } from "../components/billing/PlanLimitBanner";
import { RejoinBanner } from "../components/billing/RejoinBanner";
import { suspendedMemberships } from "../billing/lifecycle.server";
import { CreateGroupCard, JoinGroupCard, NoGroupState } from "../components/sync/GroupForms";
import { GroupCard } from "../components/sync/GroupCard";
import { ImportCard } from "../components/sync/ImportCard";
import { authenticate } from "../shopify.server";
import { parseSyncIntent } from "../sync/intents";
import { groupSkus, syncOverview } from "../sync/overview.server";
import { productionSyncDeps } from "../sync/production.server";
import { formObject, runAction } from "../sync/route-helpers.server";
import { fillLocationNames } from "../sync/settings.server";
import { runSyncIntent } from "../sync/sync-actions.server";
import type { SyncLocationsQuery } from "../types/admin.generated";
import { readForm } from "../security/read-form.server";

const LOCATIONS = `#graphql
  query SyncLocations {
    locations(first: 50) { nodes { id name } }
  }
`;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  let locations: { id: string; name: string }[] = [];
  try {
    const body = (await (await admin.graphql(LOCATIONS)).json()) as { data?: SyncLocationsQuery };
    locations = body.data?.locations.nodes ?? [];
  } catch {
    locations = [];
  }
  let overview = await syncOverview(session.shop);
  if (overview.groups.some((g) => g.members.some((m) => !m.locationName))) {
    for (const g of overview.groups) await fillLocationNames(productionSyncDeps, g.group.id);
    overview = await syncOverview(session.shop);
  }
  const page = Number(url.searchParams.get("page") ?? 1) || 1;
  const sku = url.searchParams.get("sku")?.trim() || undefined;
  const skus = await Promise.all(overview.groups.map((g) => (g.group.status === "draft" ? null : groupSkus(session.shop, g.group.id, { page, sku }))));
  const planPage = Number(url.searchParams.get("planPage") ?? 1) || 1;
  const rejoin = (await suspendedMemberships(session.shop)).map((m) => ({ groupId: m.groupId, groupName: m.groupName, suspendedAt: m.suspendedAt.toISOString() }));
  return { shop: session.shop, locations, ...overview, skus, skuFilter: sku ?? "", planPage, rejoin };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseSyncIntent(formObject(await readForm(request)));
  if (!parsed.ok) return { ok: false as const, error: parsed.error };
  return runAction(() => runSyncIntent(productionSyncDeps, session.shop, parsed.value));
};

export default function SyncPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const locationOptions = data.locations.map((l) => ({ label: l.name, value: l.id }));
  return (
    <Page title="Sync">
      <TitleBar title="Sync" />
      <Layout>
        {data.rejoin.length > 0 && (
          <Layout.Section>
            <RejoinBanner items={data.rejoin} />
          </Layout.Section>
        )}
        {result && (
          <Layout.Section>
            {result.ok ? (
              <Banner tone={result.value.changed ? "warning" : "success"} title={result.value.message}>
                {result.value.shareKey && (
                  <p>
                    Share key for the other store: <code data-testid="share-key">{result.value.shareKey}</code> (works once, expires in 7 days)
                  </p>
                )}
              </Banner>
            ) : result.limit ? (
              <PlanLimitBanner message={result.error} limit={result.limit} />
            ) : (
              <Banner tone="critical" title={result.error} />
            )}
          </Layout.Section>
        )}
        {data.groups.map((g, i) => (
          <Layout.Section key={g.group.id}>
            <GroupCard g={g} skus={data.skus[i]} skuFilter={data.skuFilter} planPage={data.planPage} shop={data.shop} locationOptions={locationOptions} busy={busy} />
          </Layout.Section>
        ))}
        {data.groups.length === 0 && (
          <>
            <Layout.Section>
              <NoGroupState />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <CreateGroupCard locationOptions={locationOptions} busy={busy} />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <JoinGroupCard locationOptions={locationOptions} busy={busy} />
            </Layout.Section>
          </>
        )}
        <Layout.Section>
          <ImportCard imports={data.imports} busy={busy} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
