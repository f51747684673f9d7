// Admin page "Sync": create or join a sync group, share keys, mode / matching / location /
// buffer, preview of matched SKUs before enabling, enable / pause / leave, reconciliation and
// the catalog import with its progress.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, List, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { syncOverview } from "../sync/admin.server";
import {
  createGroup,
  createShareKey,
  joinGroup,
  leaveGroup,
  revokeShareKey,
  setGroupStatus,
  updateGroupSettings,
  updateMember,
} from "../sync/groups.server";
import { requestReconciliation } from "../sync/reconcile.server";
import { formObject, runAction } from "../sync/route-helpers.server";
import { startBulkLevelsRun } from "../import/bulk-import.server";
import type { SyncLocationsQuery } from "../types/admin.generated";

const LOCATIONS = `#graphql
  query SyncLocations {
    locations(first: 50) { nodes { id name } }
  }
`;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  let locations: { id: string; name: string }[] = [];
  try {
    const res = await admin.graphql(LOCATIONS);
    const body = (await res.json()) as { data?: SyncLocationsQuery };
    locations = body.data?.locations.nodes ?? [];
  } catch {
    locations = [];
  }
  const overview = await syncOverview(session.shop);
  return { shop: session.shop, locations, ...overview };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const f = formObject(await request.formData());
  const groupId = f.groupId ?? "";
  switch (f.intent) {
    case "create":
      return runAction(async () => {
        const r = await createGroup(shop, { name: f.name ?? "", mode: f.mode === "source" ? "source" : "shared", matchBy: f.matchBy === "barcode" ? "barcode" : "sku", locationId: f.locationId ?? "", buffer: Number(f.buffer || 0) });
        return { message: "Group created", shareKey: r.shareKey };
      });
    case "join":
      return runAction(async () => {
        await joinGroup(shop, f.key ?? "", { locationId: f.locationId ?? "", buffer: Number(f.buffer || 0) });
        return { message: "Joined the group" };
      });
    case "new-key":
      return runAction(async () => ({ message: "New share key (shown once)", shareKey: (await createShareKey(groupId, shop)).key }));
    case "revoke-key":
      return runAction(async () => {
        await revokeShareKey(groupId, shop, f.keyId ?? "");
        return { message: "Key revoked" };
      });
    case "settings":
      return runAction(async () => {
        await updateGroupSettings(groupId, shop, {
          mode: f.mode === "source" ? "source" : "shared",
          matchBy: f.matchBy === "barcode" ? "barcode" : "sku",
          sourceShop: f.sourceShop || null,
          driftThreshold: Math.max(0, Number(f.driftThreshold || 5)),
          reconcileIntervalMs: Math.max(1, Number(f.reconcileMinutes || 15)) * 60_000,
        });
        return { message: "Settings saved" };
      });
    case "member":
      return runAction(async () => {
        await updateMember(groupId, shop, { locationId: f.locationId || undefined, buffer: Number(f.buffer || 0) });
        return { message: "Saved" };
      });
    case "enable":
    case "pause":
      return runAction(async () => {
        await setGroupStatus(groupId, shop, f.intent === "enable" ? "active" : "paused");
        return { message: f.intent === "enable" ? "Sync enabled" : "Sync paused" };
      });
    case "leave":
      return runAction(async () => {
        await leaveGroup(groupId, shop);
        return { message: "Left the group" };
      });
    case "reconcile":
      return runAction(async () => {
        await requestReconciliation(groupId, shop);
        return { message: "Reconciliation queued" };
      });
    case "import":
      return runAction(async () => {
        await startBulkLevelsRun(shop, { purpose: "import" });
        return { message: "Import started" };
      });
    default:
      return { ok: false as const, error: "Unknown action" };
  }
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SyncPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state !== "idle";
  const locationOptions = data.locations.map((l) => ({ label: l.name, value: l.id }));
  return (
    <Page>
      <TitleBar title="Sync" />
      <Layout>
        {result && (
          <Layout.Section>
            {result.ok ? (
              <Banner tone="success" title={(result.value as { message: string }).message}>
                {"shareKey" in (result.value as object) && (
                  <p>
                    Share key for the other store: <code data-testid="share-key">{(result.value as unknown as { shareKey: string }).shareKey}</code> (works once, expires in 7 days)
                  </p>
                )}
              </Banner>
            ) : (
              <Banner tone="critical" title={result.error} />
            )}
          </Layout.Section>
        )}
        {data.groups.map((g) => (
          <Layout.Section key={g.group.id}>
            <GroupCard g={g} shop={data.shop} locationOptions={locationOptions} busy={busy} />
          </Layout.Section>
        ))}
        {data.groups.length === 0 && (
          <>
            <Layout.Section variant="oneHalf">
              <CreateCard locationOptions={locationOptions} busy={busy} />
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <JoinCard locationOptions={locationOptions} busy={busy} />
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

function LocationSelect({ options, name = "locationId", value }: { options: { label: string; value: string }[]; name?: string; value?: string }) {
  const [v, setV] = useState(value ?? options[0]?.value ?? "");
  if (!options.length) return <TextField label="Location id" name={name} value={v} onChange={setV} autoComplete="off" helpText="gid://shopify/Location/…" />;
  return <Select label="Location" name={name} options={options} value={v} onChange={setV} />;
}

function CreateCard({ locationOptions, busy }: { locationOptions: { label: string; value: string }[]; busy: boolean }) {
  const [name, setName] = useState("My stores");
  const [mode, setMode] = useState("shared");
  const [matchBy, setMatchBy] = useState("sku");
  const [buffer, setBuffer] = useState("0");
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">Create a sync group</Text>
          <input type="hidden" name="intent" value="create" />
          <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
          <Select label="Mode" name="mode" value={mode} onChange={setMode} options={[{ label: "Shared pool (two-way)", value: "shared" }, { label: "Source → destinations (this store is the source)", value: "source" }]} />
          <Select label="Match items by" name="matchBy" value={matchBy} onChange={setMatchBy} options={[{ label: "SKU", value: "sku" }, { label: "Barcode", value: "barcode" }]} />
          <LocationSelect options={locationOptions} />
          <TextField label="Buffer (safety stock hidden from this store)" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
          <Button submit variant="primary" loading={busy}>Create group</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}

function JoinCard({ locationOptions, busy }: { locationOptions: { label: string; value: string }[]; busy: boolean }) {
  const [key, setKey] = useState("");
  const [buffer, setBuffer] = useState("0");
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">Join a group with a share key</Text>
          <input type="hidden" name="intent" value="join" />
          <TextField label="Share key" name="key" value={key} onChange={setKey} autoComplete="off" placeholder="SRK-XXXXX-XXXXX-XXXXX" />
          <LocationSelect options={locationOptions} />
          <TextField label="Buffer" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
          <Button submit loading={busy}>Join</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}

function GroupCard({ g, shop, locationOptions, busy }: { g: Data["groups"][number]; shop: string; locationOptions: { label: string; value: string }[]; busy: boolean }) {
  const me = g.members.find((m) => m.shop === shop);
  const [buffer, setBuffer] = useState(String(me?.buffer ?? 0));
  const [threshold, setThreshold] = useState(String(g.group.driftThreshold));
  const [minutes, setMinutes] = useState(String(Math.round(g.group.reconcileIntervalMs / 60_000)));
  const tone = g.group.status === "active" ? "success" : g.group.status === "paused" ? "warning" : "info";
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="groupId" value={g.group.id} />
    </>
  );
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">{g.group.name}</Text>
          <Badge tone={tone}>{g.group.status}</Badge>
          <Badge>{g.group.mode === "source" ? `source → destinations (source: ${g.group.sourceShop})` : "shared pool"}</Badge>
          <Badge>{`match by ${g.group.matchBy}`}</Badge>
          {g.openExceptions > 0 && <Badge tone="critical">{`${g.openExceptions} open exceptions`}</Badge>}
        </InlineStack>
        <Text as="p">{g.items} synced SKUs{g.paused.length ? `, ${g.paused.length} paused` : ""}</Text>
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">Members</Text>
          <List>
            {g.members.map((m) => (
              <List.Item key={m.id}>
                {m.shop} — location {m.locationId}, buffer {m.buffer}
              </List.Item>
            ))}
          </List>
        </BlockStack>
        {g.paused.length > 0 && (
          <Banner tone="warning" title="Paused SKUs (not spreading until resolved)">
            <List>
              {g.paused.map((p) => (
                <List.Item key={p.sku}>{p.sku}: {p.pausedReason}</List.Item>
              ))}
            </List>
          </Banner>
        )}
        {g.preview && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">Preview before enabling</Text>
            <Text as="p">
              {g.preview.matched.length} matched, {g.preview.unmatched.length} in one store only, {g.preview.conflicting.length} conflicting (duplicate {g.group.matchBy}), {g.preview.missingKey.length} without a {g.group.matchBy}
            </Text>
            <List>
              {g.preview.matched.slice(0, 20).map((r) => (
                <List.Item key={r.key}>{r.key}: {r.members.map((m) => m.shop).join(", ")}</List.Item>
              ))}
              {g.preview.conflicting.slice(0, 20).map((c) => (
                <List.Item key={`${c.key}-${c.shop}`}>
                  <Text as="span" tone="critical">{c.key} appears {c.variants.length}× in {c.shop}</Text>
                </List.Item>
              ))}
            </List>
          </BlockStack>
        )}
        <InlineStack gap="200">
          {g.group.status !== "active" ? (
            <Form method="post">{hidden("enable")}<Button submit variant="primary" loading={busy}>Enable sync</Button></Form>
          ) : (
            <Form method="post">{hidden("pause")}<Button submit loading={busy}>Pause sync</Button></Form>
          )}
          <Form method="post">{hidden("reconcile")}<Button submit loading={busy}>Reconcile now</Button></Form>
          <Form method="post">{hidden("new-key")}<Button submit loading={busy}>New share key</Button></Form>
          <Form method="post">{hidden("leave")}<Button submit tone="critical" loading={busy}>Leave group</Button></Form>
        </InlineStack>
        {g.keys.length > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">Unused share keys</Text>
            {g.keys.map((k) => (
              <Form method="post" key={k.id}>
                {hidden("revoke-key")}
                <input type="hidden" name="keyId" value={k.id} />
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span">…{k.hint} (expires {new Date(k.expiresAt).toLocaleDateString()})</Text>
                  <Button submit size="slim">Revoke</Button>
                </InlineStack>
              </Form>
            ))}
          </BlockStack>
        )}
        <Form method="post">
          {hidden("member")}
          <InlineStack gap="200" blockAlign="end">
            <LocationSelect options={locationOptions} value={me?.locationId} />
            <TextField label="My buffer" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
            <Button submit loading={busy}>Save</Button>
          </InlineStack>
        </Form>
        <Form method="post">
          {hidden("settings")}
          <input type="hidden" name="mode" value={g.group.mode} />
          <input type="hidden" name="matchBy" value={g.group.matchBy} />
          <input type="hidden" name="sourceShop" value={g.group.sourceShop ?? ""} />
          <InlineStack gap="200" blockAlign="end">
            <TextField label="Drift threshold (units)" type="number" name="driftThreshold" value={threshold} onChange={setThreshold} autoComplete="off" min={0} />
            <TextField label="Reconcile every (minutes)" type="number" name="reconcileMinutes" value={minutes} onChange={setMinutes} autoComplete="off" min={1} />
            <Button submit loading={busy}>Save settings</Button>
          </InlineStack>
        </Form>
      </BlockStack>
    </Card>
  );
}

function ImportCard({ imports, busy }: { imports: Data["imports"]; busy: boolean }) {
  const last = imports[0];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">Catalog import</Text>
        {last ? (
          <>
            <Text as="p">
              {last.status} — {last.variants} variants, {last.levels} inventory levels{last.error ? ` (${last.error})` : ""}
            </Text>
            <ProgressBar progress={last.status === "completed" ? 100 : last.status === "running" && last.objectCount ? Math.min(99, Math.round(((last.variants + last.levels) / last.objectCount) * 100)) : last.status === "running" ? 10 : 0} />
          </>
        ) : (
          <Text as="p">No import yet.</Text>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <Button submit loading={busy}>Import catalog and stock</Button>
        </Form>
      </BlockStack>
    </Card>
  );
}
