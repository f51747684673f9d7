import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { EmptyCard } from "../EmptyCard";
import { focusField } from "../focus";
import type { Option } from "./types";

export function LocationSelect({ options, name = "locationId", value, label = "Location" }: { options: Option[]; name?: string; value?: string; label?: string }) {
  const [v, setV] = useState(value ?? options[0]?.value ?? "");
  if (!options.length) return <TextField label="Location id" name={name} value={v} onChange={setV} autoComplete="off" helpText="gid://shopify/Location/…" />;
  return <Select label={label} name={name} options={options} value={v} onChange={setV} />;
}

export const PROTECTION_OPTIONS: Option[] = [
  { label: "Automatic — mirror while plentiful, allocate when low or before the first sale", value: "automatic" },
  { label: "Guaranteed — always allocate: never oversell", value: "guaranteed" },
  { label: "Off — mirror the pool (buffers only)", value: "off" },
];

/** A store in no group yet: what a group is, and the two ways in (the forms below). */
export function NoGroupState() {
  return (
    <Card>
      <EmptyCard
        heading="Share stock between your stores"
        testId="sync-empty"
        action={
          <InlineStack gap="200" align="center">
            <Button variant="primary" onClick={() => focusField("create-group-name")}>
              Create a sync group
            </Button>
            <Button onClick={() => focusField("join-group-key")}>Enter a share key</Button>
          </InlineStack>
        }
      >
        Create a sync group here and join it from your other stores with the share key, or join a group another store created.
      </EmptyCard>
    </Card>
  );
}

export function CreateGroupCard({ locationOptions, busy }: { locationOptions: Option[]; busy: boolean }) {
  const [name, setName] = useState("My stores");
  const [mode, setMode] = useState("shared");
  const [matchBy, setMatchBy] = useState("sku");
  const [protection, setProtection] = useState("automatic");
  const [buffer, setBuffer] = useState("0");
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">Create a sync group</Text>
          <input type="hidden" name="intent" value="create" />
          <TextField id="create-group-name" label="Name" name="name" value={name} onChange={setName} autoComplete="off" />
          <Select label="Mode" name="mode" value={mode} onChange={setMode} options={[{ label: "Shared pool (two-way)", value: "shared" }, { label: "Source → destinations (this store is the source)", value: "source" }]} />
          <Select label="Match items by" name="matchBy" value={matchBy} onChange={setMatchBy} options={[{ label: "SKU", value: "sku" }, { label: "Barcode", value: "barcode" }]} />
          {mode === "shared" && <Select label="Oversell protection" name="protection" value={protection} onChange={setProtection} options={PROTECTION_OPTIONS} />}
          <LocationSelect options={locationOptions} />
          <TextField label="Buffer (safety stock hidden from this store)" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
          <Button submit variant="primary" loading={busy}>Create group</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}

export function JoinGroupCard({ locationOptions, busy }: { locationOptions: Option[]; busy: boolean }) {
  const [key, setKey] = useState("");
  const [buffer, setBuffer] = useState("0");
  return (
    <Card>
      <Form method="post">
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">Join a group with a share key</Text>
          <input type="hidden" name="intent" value="join" />
          <TextField id="join-group-key" label="Share key" name="key" value={key} onChange={setKey} autoComplete="off" placeholder="SRK-XXXXX-XXXXX-XXXXX" />
          <LocationSelect options={locationOptions} />
          <TextField label="Buffer" type="number" name="buffer" value={buffer} onChange={setBuffer} autoComplete="off" min={0} />
          <Button submit loading={busy}>Join</Button>
        </BlockStack>
      </Form>
    </Card>
  );
}
