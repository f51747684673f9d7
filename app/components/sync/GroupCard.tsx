import { Form } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Divider, InlineStack, List, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { LocationSelect } from "./GroupForms";
import { ProtectionSection } from "./ProtectionSection";
import { RebalanceHistory } from "./RebalanceHistory";
import { SkuAllocationTable } from "./SkuAllocationTable";
import { StartPoolSection } from "./StartPoolSection";
import type { GroupView, Option, SkuPage } from "./types";

function Hidden({ intent, groupId }: { intent: string; groupId: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="groupId" value={groupId} />
    </>
  );
}

function PostButton({ intent, groupId, children, busy, tone, primary }: { intent: string; groupId: string; children: string; busy: boolean; tone?: "critical"; primary?: boolean }) {
  return (
    <Form method="post">
      <Hidden intent={intent} groupId={groupId} />
      <Button submit loading={busy} tone={tone} variant={primary ? "primary" : undefined}>
        {children}
      </Button>
    </Form>
  );
}

export function GroupCard({ g, skus, skuFilter, planPage, shop, locationOptions, busy }: { g: GroupView; skus: SkuPage | null; skuFilter: string; planPage: number; shop: string; locationOptions: Option[]; busy: boolean }) {
  const me = g.members.find((m) => m.shop === shop);
  const id = g.group.id;
  const tone = g.group.status === "active" ? "success" : g.group.status === "paused" ? "warning" : "info";
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
                {m.shop} — {m.locationName ?? m.locationId}, buffer {m.buffer}
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
        <ProtectionSection g={g} busy={busy} />
        <Divider />
        {g.group.status === "draft" ? <StartPoolSection g={g} planPage={planPage} busy={busy} /> : skus && <SkuAllocationTable g={g} skus={skus} filter={skuFilter} />}
        {g.group.status !== "draft" && <RebalanceHistory g={g} />}
        <InlineStack gap="200">
          {g.group.status === "paused" && <PostButton intent="enable" groupId={id} busy={busy} primary>Resume sync</PostButton>}
          {g.group.status === "active" && <PostButton intent="pause" groupId={id} busy={busy}>Pause sync</PostButton>}
          {g.group.status !== "draft" && <PostButton intent="reconcile" groupId={id} busy={busy}>Reconcile now</PostButton>}
          <PostButton intent="new-key" groupId={id} busy={busy}>New share key</PostButton>
          <PostButton intent="leave" groupId={id} busy={busy} tone="critical">Leave group</PostButton>
        </InlineStack>
        {g.keys.length > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">Unused share keys</Text>
            {g.keys.map((k) => (
              <Form method="post" key={k.id}>
                <Hidden intent="revoke-key" groupId={id} />
                <input type="hidden" name="keyId" value={k.id} />
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span">…{k.hint} (expires {new Date(k.expiresAt).toLocaleDateString()})</Text>
                  <Button submit size="slim">Revoke</Button>
                </InlineStack>
              </Form>
            ))}
          </BlockStack>
        )}
        <MemberForm g={g} me={me} locationOptions={locationOptions} busy={busy} />
        <SettingsForm g={g} busy={busy} />
      </BlockStack>
    </Card>
  );
}

function MemberForm({ g, me, locationOptions, busy }: { g: GroupView; me: GroupView["members"][number] | undefined; locationOptions: Option[]; busy: boolean }) {
  const [buffer, setBuffer] = useState(String(me?.buffer ?? 0));
  return (
    <Form method="post">
      <Hidden intent="member" groupId={g.group.id} />
      <InlineStack gap="200" blockAlign="end">
        {g.group.status === "active" ? <input type="hidden" name="locationId" value={me?.locationId ?? ""} /> : <LocationSelect options={locationOptions} value={me?.locationId} label="My location" />}
        <TextField label="My buffer" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
        <Button submit loading={busy}>Save</Button>
      </InlineStack>
    </Form>
  );
}

/** Drift threshold and reconciliation save any time; mode and matching only while not syncing. */
function SettingsForm({ g, busy }: { g: GroupView; busy: boolean }) {
  const [threshold, setThreshold] = useState(String(g.group.driftThreshold));
  const [minutes, setMinutes] = useState(String(Math.round(g.group.reconcileIntervalMs / 60_000)));
  const [mode, setMode] = useState(g.group.mode);
  const [matchBy, setMatchBy] = useState(g.group.matchBy);
  const [source, setSource] = useState(g.group.sourceShop ?? g.group.ownerShop);
  const editable = g.group.status !== "active";
  return (
    <Form method="post">
      <Hidden intent="settings" groupId={g.group.id} />
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="end">
          <TextField label="Drift threshold (units)" type="number" name="driftThreshold" value={threshold} onChange={setThreshold} autoComplete="off" min={0} />
          <TextField label="Reconcile every (minutes)" type="number" name="reconcileMinutes" value={minutes} onChange={setMinutes} autoComplete="off" min={1} />
          {editable && (
            <>
              <Select label="Mode" name="mode" value={mode} onChange={setMode} options={[{ label: "Shared pool (two-way)", value: "shared" }, { label: "Source → destinations", value: "source" }]} />
              {mode === "source" && <Select label="Source" name="sourceShop" value={source} onChange={setSource} options={g.members.map((m) => ({ label: m.shop, value: m.shop }))} />}
              <Select label="Match items by" name="matchBy" value={matchBy} onChange={setMatchBy} options={[{ label: "SKU", value: "sku" }, { label: "Barcode", value: "barcode" }]} />
            </>
          )}
          <Button submit loading={busy}>Save settings</Button>
        </InlineStack>
        {!editable && <Text as="p" tone="subdued">Pause the group to change its mode or matching.</Text>}
      </BlockStack>
    </Form>
  );
}
