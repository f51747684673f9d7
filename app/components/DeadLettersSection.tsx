// The Overview's replay tool: kept malformed and failed webhook deliveries and dead-lettered
// jobs, each with its error and payload, with Replay and Discard (a reason is required).
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Collapsible, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { DeadLetters } from "../queue/dead-letters.server";

type Kind = "delivery" | "job";

function Entry({ kind, id, title, status, error, payload, when }: { kind: Kind; id: string; title: string; status: string; error: string | null; payload: string; when: string | null }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [open, setOpen] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState("");
  const busy = fetcher.state !== "idle";
  const submit = (intent: string, extra: Record<string, string> = {}) => fetcher.submit({ intent, kind, id, ...extra }, { method: "post" });
  const testId = `${kind}-${id}`;
  return (
    <Box padding="300" borderColor="border" borderWidth="025" borderRadius="200">
      <div data-testid={testId}>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h4" variant="headingSm">
                {title}
              </Text>
              <Badge tone="critical">{status}</Badge>
              {when && (
                <Text as="span" variant="bodySm" tone="subdued">
                  {new Date(when).toISOString().slice(0, 16).replace("T", " ")} UTC
                </Text>
              )}
            </InlineStack>
            <InlineStack gap="200">
              <Button onClick={() => submit("replay")} loading={busy && fetcher.formData?.get("intent") === "replay"} accessibilityLabel={`Replay ${title}`}>
                Replay
              </Button>
              <Button tone="critical" variant="plain" onClick={() => setDiscarding((d) => !d)} accessibilityLabel={`Discard ${title}`}>
                Discard…
              </Button>
            </InlineStack>
          </InlineStack>
          <Text as="p" tone="critical" variant="bodySm">
            <span data-testid={`${testId}-error`}>{error ?? "No error recorded"}</span>
          </Text>
          <Button variant="plain" onClick={() => setOpen((o) => !o)} ariaExpanded={open} ariaControls={`${testId}-payload`}>
            {open ? "Hide payload" : "Show payload"}
          </Button>
          <Collapsible id={`${testId}-payload`} open={open}>
            <Box background="bg-surface-secondary" padding="200" borderRadius="100">
              <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>{payload}</pre>
            </Box>
          </Collapsible>
          {discarding && (
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flex: 1 }}>
                <TextField label="Reason for discarding" value={reason} onChange={setReason} autoComplete="off" maxLength={500} helpText="Kept with the record, so the next person knows why." />
              </div>
              <Button tone="critical" disabled={!reason.trim()} loading={busy && fetcher.formData?.get("intent") === "discard"} onClick={() => submit("discard", { reason: reason.trim() })}>
                Discard
              </Button>
            </InlineStack>
          )}
          {fetcher.data && !fetcher.data.ok && (
            <Text as="p" tone="critical">
              {fetcher.data.error ?? "That did not work"}
            </Text>
          )}
        </BlockStack>
      </div>
    </Box>
  );
}

export function DeadLettersSection({ dead }: { dead: DeadLetters }) {
  const count = dead.deliveries.length + dead.jobs.length;
  if (count === 0) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        No failed deliveries or dead-lettered jobs.
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        Needs attention: {count}
      </Text>
      {dead.deliveries.map((d) => (
        <Entry key={d.id} kind="delivery" id={d.id} title={`Webhook ${d.topic}`} status={d.status} error={d.error} payload={d.payload} when={d.receivedAt} />
      ))}
      {dead.jobs.map((j) => (
        <Entry key={j.id} kind="job" id={String(j.id)} title={`Job ${j.name}`} status={`dead after ${j.attempts} ${j.attempts === 1 ? "attempt" : "attempts"}`} error={j.error} payload={j.payload} when={j.finishedAt} />
      ))}
    </BlockStack>
  );
}
