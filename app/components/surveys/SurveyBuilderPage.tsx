// The survey builder: title, audience and layout, the questions (QuestionEditor), and a live
// preview rendered by the thank-you extension's own component (SurveyPreview). Saving a change
// to the title or questions creates a new version; answers keep theirs.
import { useEffect, useMemo, useRef, useState } from "react";
import { Form, Link, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import type { DisplayMode, PublicSurvey, Question, QuestionType, Targeting } from "../../surveys/types";
import { EmptyCard } from "../EmptyCard";
import { useResultToast } from "../useToast";
import { blankQuestion, moved, QuestionEditor, TYPE_LABELS } from "./QuestionEditor";
import { SurveyPreview } from "./SurveyPreview";

export interface SurveyBuilderData {
  survey: { id: string; title: string; enabled: boolean; targeting: Targeting; displayMode: DisplayMode; version: number };
  versions: number;
  questions: Question[];
}

export type SaveResult = { ok: true; message: string } | { ok: false; error: string };

export function SurveyBuilderPage({ data, result }: { data: SurveyBuilderData; result?: SaveResult }) {
  const { survey, versions, questions: initial } = data;
  const nav = useNavigation();
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const [title, setTitle] = useState(survey.title);
  const [targeting, setTargeting] = useState<Targeting>(survey.targeting);
  const [displayMode, setDisplayMode] = useState<DisplayMode>(survey.displayMode);
  const [questions, setQuestions] = useState<Question[]>(initial);
  const [addType, setAddType] = useState<QuestionType>("single");
  const [openedAt] = useState(survey.version);
  useResultToast(result);
  useEffect(() => setQuestions(initial), [initial]);

  const update = (i: number, patch: Partial<Question>) => setQuestions((qs) => qs.map((q, j) => (j === i ? ({ ...q, ...patch } as Question) : q)));
  const preview = useMemo<PublicSurvey>(
    () => ({
      surveyId: survey.id,
      versionId: "preview",
      title: title || "Untitled survey",
      displayMode,
      questions: questions.map((q) =>
        q.type === "single" || q.type === "multiple"
          ? { ...q, label: q.label || "Untitled question", options: q.options.map((o, k) => ({ ...o, label: o.label || `Option ${k + 1}` })) }
          : { ...q, label: q.label || "Untitled question" },
      ),
    }),
    [survey.id, title, displayMode, questions],
  );
  const saving = nav.state === "submitting";

  return (
    <Page
      backAction={{ content: "Surveys", url: "/app/surveys" }}
      title={survey.title}
      titleMetadata={<Badge tone={survey.enabled ? "success" : undefined}>{survey.enabled ? "On" : "Off"}</Badge>}
      subtitle={`Version ${survey.version} of ${versions}`}
      primaryAction={{ content: "Save", loading: saving, onAction: () => form.current && submit(form.current) }}
      secondaryActions={[{ content: "Results", url: `/app/surveys/${survey.id}/results` }]}
    >
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="questions" value={JSON.stringify(questions)} />
        <input type="hidden" name="targeting" value={targeting} />
        <input type="hidden" name="displayMode" value={displayMode} />
        <Layout>
          {result && !result.ok && (
            <Layout.Section>
              <Banner tone="critical" title={result.error} />
            </Layout.Section>
          )}
          {survey.version > openedAt && (
            <Layout.Section>
              <Banner tone="info" title={`Saved as a new version (${survey.version}).`}>
                Earlier answers keep their version, so results stay comparable.
              </Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <BlockStack gap="400">
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
                    Buyers answer once per order. <Link to={`/app/surveys/${survey.id}/results`}>See results</Link>
                  </Text>
                </BlockStack>
              </Card>
              {questions.length === 0 && (
                <Card>
                  <EmptyCard heading="No questions yet" testId="questions-empty">
                    Add a question below: a single choice like “How did you hear about us?” and an NPS question are a good start.
                  </EmptyCard>
                </Card>
              )}
              {questions.map((q, i) => (
                <QuestionEditor
                  key={q.id}
                  q={q}
                  i={i}
                  count={questions.length}
                  update={(patch) => update(i, patch)}
                  move={(d) => setQuestions((qs) => moved(qs, i, d))}
                  remove={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}
                />
              ))}
              <Card>
                <InlineStack gap="300" blockAlign="end">
                  <Select label="New question type" options={Object.entries(TYPE_LABELS).map(([value, label]) => ({ value, label }))} value={addType} onChange={(v) => setAddType(v as QuestionType)} />
                  <Button onClick={() => setQuestions((qs) => [...qs, blankQuestion(addType)])}>Add question</Button>
                </InlineStack>
              </Card>
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
