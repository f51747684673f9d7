// Admin: survey builder. Add, reorder and edit questions and options; targeting and display
// mode; a live preview that renders the thank-you extension's own Preact survey component
// (extensions/thank-you-survey/src/SurveyView.tsx) with the checkout element look-alikes.
// Saving a change to the title or questions creates a new version; answers keep theirs.
import { useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  Divider,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { SurveyError, getSurvey, updateSurvey } from "../surveys/surveys.server";
import type { DisplayMode, PublicSurvey, Question, QuestionType, Targeting } from "../surveys/types";
import { TEXT_DEFAULT_LIMIT, TEXT_MAX_LIMIT } from "../surveys/types";
import surveyStrings from "../../extensions/thank-you-survey/locales/en.default.json";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const found = await getSurvey(session.shop, params.id ?? "");
  if (!found) throw new Response("Survey not found", { status: 404 });
  return {
    survey: {
      id: found.survey.id,
      title: found.survey.title,
      enabled: found.survey.enabled,
      targeting: found.survey.targeting as Targeting,
      displayMode: found.survey.displayMode as DisplayMode,
      version: found.version?.version ?? 0,
      versionId: found.version?.id ?? "",
    },
    versions: found.versions.length,
    questions: found.questions,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await request.formData();
  let questions: unknown;
  try {
    questions = JSON.parse(String(form.get("questions") ?? "[]"));
  } catch {
    return json({ ok: false as const, error: "The questions could not be read." }, { status: 400 });
  }
  try {
    const before = await getSurvey(session.shop, params.id ?? "");
    const saved = await updateSurvey(session.shop, params.id ?? "", {
      title: String(form.get("title") ?? ""),
      questions,
      targeting: String(form.get("targeting")) as Targeting,
      displayMode: String(form.get("displayMode")) as DisplayMode,
    });
    const newVersion = saved.currentVersionId !== before?.survey.currentVersionId;
    return json({
      ok: true as const,
      message: newVersion ? "Saved as a new version. Earlier answers keep their version." : "Saved.",
    });
  } catch (error) {
    if (error instanceof SurveyError) return json({ ok: false as const, error: error.message }, { status: error.status });
    throw error;
  }
};

const TYPE_LABELS: Record<QuestionType, string> = {
  single: "Single choice",
  multiple: "Multiple choice",
  rating: "Rating (1–5)",
  nps: "NPS (0–10)",
  text: "Free text",
};

/** A copy of `list` with item `i` moved one place up (-1) or down (1). */
function moved<T>(list: T[], i: number, d: -1 | 1): T[] {
  const next = list.slice();
  const [item] = next.splice(i, 1);
  next.splice(Math.max(0, Math.min(next.length, i + d)), 0, item);
  return next;
}

const rid = (p: string) => `${p}${Math.random().toString(36).slice(2, 8)}`;

function blank(type: QuestionType): Question {
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

const translate = (key: string, vars: Record<string, string | number> = {}): string => {
  let entry: unknown = (surveyStrings as Record<string, unknown>)[key];
  if (entry && typeof entry === "object") entry = (entry as Record<string, string>)[vars.count === 1 ? "one" : "other"];
  return typeof entry === "string"
    ? entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n: string) => (n in vars ? String(vars[n]) : m))
    : key;
};

/** Mounts the extension's SurveyView (Preact) into a div; client only. */
function SurveyPreview({ survey }: { survey: PublicSurvey }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    const el = ref.current;
    Promise.all([
      import("preact"),
      import("../../extensions/thank-you-survey/src/SurveyView"),
      import("../surveys/checkout-elements"),
    ]).then(([{ h, render }, { SurveyView }, { defineCheckoutElements }]) => {
      if (cancelled || !el) return;
      defineCheckoutElements(window);
      render(h(SurveyView, { survey, t: translate, submit: async () => "ok" as const }), el);
    });
    return () => {
      cancelled = true;
      if (el) import("preact").then(({ render }) => render(null, el));
    };
  }, [survey]);
  return (
    <div
      ref={ref}
      data-testid="survey-preview"
      style={{ fontFamily: "-apple-system, 'Segoe UI', system-ui, sans-serif", fontSize: 14 }}
    />
  );
}

export default function SurveyBuilder() {
  const { survey, questions: initial, versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const [title, setTitle] = useState(survey.title);
  const [targeting, setTargeting] = useState<Targeting>(survey.targeting);
  const [displayMode, setDisplayMode] = useState<DisplayMode>(survey.displayMode);
  const [questions, setQuestions] = useState<Question[]>(initial as Question[]);
  const [addType, setAddType] = useState<QuestionType>("single");

  useEffect(() => setQuestions(initial as Question[]), [initial]);

  const update = (i: number, patch: Partial<Question>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? ({ ...q, ...patch } as Question) : q)));
  const move = (i: number, d: -1 | 1) => setQuestions((qs) => moved(qs, i, d));
  const remove = (i: number) => setQuestions((qs) => qs.filter((_, j) => j !== i));

  const preview = useMemo<PublicSurvey>(
    () => ({
      surveyId: survey.id,
      versionId: "preview",
      title: title || "Untitled survey",
      displayMode,
      questions: questions.map((q) =>
        q.type === "single" || q.type === "multiple"
          ? {
              ...q,
              label: q.label || "Untitled question",
              options: q.options.map((o, k) => ({ ...o, label: o.label || `Option ${k + 1}` })),
            }
          : { ...q, label: q.label || "Untitled question" },
      ),
    }),
    [survey.id, title, displayMode, questions],
  );

  return (
    <Page
      backAction={{ content: "Surveys", url: "/app/surveys" }}
      title={survey.title}
      titleMetadata={<Badge tone={survey.enabled ? "success" : undefined}>{survey.enabled ? "On" : "Off"}</Badge>}
    >
      <TitleBar title="Edit survey" />
      <Form method="post">
        <input type="hidden" name="questions" value={JSON.stringify(questions)} />
        <input type="hidden" name="targeting" value={targeting} />
        <input type="hidden" name="displayMode" value={displayMode} />
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {result && !result.ok ? <Banner tone="critical" title={result.error} /> : null}
              {result && result.ok ? <Banner tone="success" title={result.message} /> : null}
              <Card>
                <BlockStack gap="300">
                  <TextField label="Title" name="title" value={title} onChange={setTitle} autoComplete="off" maxLength={200} />
                  <InlineStack gap="400">
                    <Select
                      label="Who sees it"
                      options={[
                        { label: "All customers", value: "all" },
                        { label: "First-time customers only", value: "first_time" },
                      ]}
                      value={targeting}
                      onChange={(v) => setTargeting(v as Targeting)}
                    />
                    <Select
                      label="Layout"
                      options={[
                        { label: "All questions at once", value: "all_at_once" },
                        { label: "One question at a time", value: "one_at_a_time" },
                      ]}
                      value={displayMode}
                      onChange={(v) => setDisplayMode(v as DisplayMode)}
                    />
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    Version {survey.version} of {versions}. <Link to={`/app/surveys/${survey.id}/results`}>See results</Link>
                  </Text>
                </BlockStack>
              </Card>
              {questions.map((q, i) => (
                <Card key={q.id}>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h3" variant="headingSm">
                        Question {i + 1} · {TYPE_LABELS[q.type]}
                      </Text>
                      <ButtonGroup>
                        <Button onClick={() => move(i, -1)} disabled={i === 0} accessibilityLabel={`Move question ${i + 1} up`}>
                          ↑
                        </Button>
                        <Button
                          onClick={() => move(i, 1)}
                          disabled={i === questions.length - 1}
                          accessibilityLabel={`Move question ${i + 1} down`}
                        >
                          ↓
                        </Button>
                        <Button tone="critical" onClick={() => remove(i)} accessibilityLabel={`Remove question ${i + 1}`}>
                          Remove
                        </Button>
                      </ButtonGroup>
                    </InlineStack>
                    <TextField
                      label={`Question ${i + 1} text`}
                      value={q.label}
                      onChange={(v) => update(i, { label: v })}
                      autoComplete="off"
                      maxLength={300}
                    />
                    <Checkbox label="Required" checked={q.required} onChange={(v) => update(i, { required: v })} />
                    {q.type === "single" || q.type === "multiple" ? (
                      <BlockStack gap="200">
                        {q.options.map((o, k) => (
                          <InlineStack key={o.id} gap="200" blockAlign="end" wrap={false}>
                            <Box width="100%">
                              <TextField
                                label={`Question ${i + 1} option ${k + 1}`}
                                value={o.label}
                                onChange={(v) =>
                                  update(i, { options: q.options.map((x, m) => (m === k ? { ...x, label: v } : x)) })
                                }
                                autoComplete="off"
                              />
                            </Box>
                            <Button
                              onClick={() => update(i, { options: moved(q.options, k, -1) })}
                              disabled={k === 0}
                              accessibilityLabel={`Move option ${k + 1} of question ${i + 1} up`}
                            >
                              ↑
                            </Button>
                            <Button
                              onClick={() => update(i, { options: moved(q.options, k, 1) })}
                              disabled={k === q.options.length - 1}
                              accessibilityLabel={`Move option ${k + 1} of question ${i + 1} down`}
                            >
                              ↓
                            </Button>
                            <Button
                              onClick={() => update(i, { options: q.options.filter((_, m) => m !== k) })}
                              disabled={q.options.length <= 2}
                              accessibilityLabel={`Remove option ${k + 1} of question ${i + 1}`}
                            >
                              Remove
                            </Button>
                          </InlineStack>
                        ))}
                        <InlineStack gap="300" blockAlign="center">
                          <Button onClick={() => update(i, { options: [...q.options, { id: rid("o"), label: "" }] })}>
                            Add option
                          </Button>
                          <Checkbox
                            label="Add “Other” with a text box"
                            checked={!!q.allowOther}
                            onChange={(v) => update(i, { allowOther: v })}
                          />
                        </InlineStack>
                      </BlockStack>
                    ) : null}
                    {q.type === "text" ? (
                      <TextField
                        label="Maximum length (characters)"
                        type="number"
                        value={String(q.maxLength ?? TEXT_DEFAULT_LIMIT)}
                        onChange={(v) => update(i, { maxLength: Number(v) })}
                        min={1}
                        max={TEXT_MAX_LIMIT}
                        autoComplete="off"
                      />
                    ) : null}
                  </BlockStack>
                </Card>
              ))}
              <Card>
                <InlineStack gap="300" blockAlign="end">
                  <Select
                    label="New question type"
                    options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                    value={addType}
                    onChange={(v) => setAddType(v as QuestionType)}
                  />
                  <Button onClick={() => setQuestions((qs) => [...qs, blank(addType)])}>Add question</Button>
                </InlineStack>
              </Card>
              <Divider />
              <InlineStack align="end">
                <Button submit variant="primary" loading={nav.state === "submitting"}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Preview
                </Text>
                <Text as="p" tone="subdued">
                  The same component buyers see on the Thank you page. Answers given here are not saved.
                </Text>
                <SurveyPreview survey={preview} />
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
