// One question of the survey builder: text, required, options (reorder, add, remove, "Other"),
// the text limit; move and remove the question.
import { BlockStack, Box, Button, ButtonGroup, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import type { Question, QuestionType } from "../../surveys/types";
import { TEXT_DEFAULT_LIMIT, TEXT_MAX_LIMIT } from "../../surveys/types";

export const TYPE_LABELS: Record<QuestionType, string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  rating: "Rating (1–5)",
  nps: "NPS (0–10)",
  text: "Free text",
};

/** A copy of `list` with item `i` moved one place up (-1) or down (1). */
export function moved<T>(list: T[], i: number, d: -1 | 1): T[] {
  const next = list.slice();
  const [item] = next.splice(i, 1);
  next.splice(Math.max(0, Math.min(next.length, i + d)), 0, item);
  return next;
}

export const rid = (p: string) => `${p}${Math.random().toString(36).slice(2, 8)}`;

export function blankQuestion(type: QuestionType): Question {
  const base = { id: rid("q"), label: "", required: false };
  if (type === "single" || type === "multiple")
    return {
      ...base,
      type,
      options: [
        { id: rid("o"), label: "" },
        { id: rid("o"), label: "" },
      ],
      allowOther: false,
    };
  if (type === "text") return { ...base, type, maxLength: TEXT_DEFAULT_LIMIT };
  return { ...base, type };
}

interface Props {
  q: Question;
  i: number;
  count: number;
  update: (patch: Partial<Question>) => void;
  move: (d: -1 | 1) => void;
  remove: () => void;
}

export function QuestionEditor({ q, i, count, update, move, remove }: Props) {
  const n = i + 1;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Question {n} · {TYPE_LABELS[q.type]}
          </Text>
          <ButtonGroup>
            <Button onClick={() => move(-1)} disabled={i === 0} accessibilityLabel={`Move question ${n} up`}>
              ↑
            </Button>
            <Button onClick={() => move(1)} disabled={i === count - 1} accessibilityLabel={`Move question ${n} down`}>
              ↓
            </Button>
            <Button tone="critical" onClick={remove} accessibilityLabel={`Remove question ${n}`}>
              Remove
            </Button>
          </ButtonGroup>
        </InlineStack>
        <TextField label={`Question ${n} text`} value={q.label} onChange={(v) => update({ label: v })} autoComplete="off" maxLength={300} />
        <Checkbox label="Required" checked={q.required} onChange={(v) => update({ required: v })} />
        {q.type === "single" || q.type === "multiple" ? (
          <BlockStack gap="200">
            {q.options.map((o, k) => (
              <InlineStack key={o.id} gap="200" blockAlign="end" wrap={false}>
                <Box width="100%">
                  <TextField
                    label={`Question ${n} option ${k + 1}`}
                    value={o.label}
                    onChange={(v) => update({ options: q.options.map((x, m) => (m === k ? { ...x, label: v } : x)) })}
                    autoComplete="off"
                  />
                </Box>
                <Button onClick={() => update({ options: moved(q.options, k, -1) })} disabled={k === 0} accessibilityLabel={`Move option ${k + 1} of question ${n} up`}>
                  ↑
                </Button>
                <Button
                  onClick={() => update({ options: moved(q.options, k, 1) })}
                  disabled={k === q.options.length - 1}
                  accessibilityLabel={`Move option ${k + 1} of question ${n} down`}
                >
                  ↓
                </Button>
                <Button
                  onClick={() => update({ options: q.options.filter((_, m) => m !== k) })}
                  disabled={q.options.length <= 2}
                  accessibilityLabel={`Remove option ${k + 1} of question ${n}`}
                >
                  Remove
                </Button>
              </InlineStack>
            ))}
            <InlineStack gap="300" blockAlign="center">
              <Button onClick={() => update({ options: [...q.options, { id: rid("o"), label: "" }] })}>Add option</Button>
              <Checkbox label="Add “Other” with a text box" checked={!!q.allowOther} onChange={(v) => update({ allowOther: v })} />
            </InlineStack>
          </BlockStack>
        ) : null}
        {q.type === "text" ? (
          <TextField
            label="Maximum length (characters)"
            type="number"
            value={String(q.maxLength ?? TEXT_DEFAULT_LIMIT)}
            onChange={(v) => update({ maxLength: Number(v) })}
            min={1}
            max={TEXT_MAX_LIMIT}
            autoComplete="off"
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}
