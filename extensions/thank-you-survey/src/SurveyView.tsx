/** @jsxImportSource preact */
// The survey UI, free of the `shopify` global so the admin preview renders the very same
// component (app/routes/app.surveys.$id.tsx) with the same Polaris web component tags.
import { useState } from "preact/hooks";
import type {
  Answer,
  Answers,
  ChoiceQuestion,
  MultipleAnswer,
  PublicSurvey,
  Question,
  ScoreAnswer,
  SingleAnswer,
  TextAnswer,
  TextQuestion,
} from "../../../app/surveys/types";
import {
  NPS_MAX,
  NPS_MIN,
  OTHER,
  OTHER_TEXT_LIMIT,
  RATING_MAX,
  RATING_MIN,
  isAnswered,
  textLimit,
} from "../../../app/surveys/types";

export type Translate = (key: string, vars?: Record<string, string | number>) => string;
export type SubmitResult = "ok" | "error";

export interface SurveyViewProps {
  survey: PublicSurvey;
  t: Translate;
  /** Sends the answers; 'error' keeps them and offers a retry. */
  submit: (answers: Answers) => Promise<SubmitResult>;
}

type Status = "answering" | "submitting" | "error" | "thanks";

export function SurveyView({ survey, t, submit }: SurveyViewProps) {
  const [answers, setAnswers] = useState<Answers>({});
  const [step, setStep] = useState(0);
  const [status, setStatus] = useState<Status>("answering");
  const [missing, setMissing] = useState<string[]>([]);
  const oneAtATime = survey.displayMode === "one_at_a_time";
  const questions = survey.questions;

  if (status === "thanks") {
    return (
      <s-section heading={survey.title}>
        <s-text>{t("thanks")}</s-text>
      </s-section>
    );
  }

  const setAnswer = (id: string, a: Answer | undefined) => {
    setAnswers((prev) => {
      const next = { ...prev };
      if (a === undefined) delete next[id];
      else next[id] = a;
      return next;
    });
    setMissing((m) => m.filter((x) => x !== id));
  };

  const unanswered = (qs: Question[]) => qs.filter((q) => q.required && !isAnswered(q, answers[q.id])).map((q) => q.id);

  const send = async () => {
    const gaps = unanswered(questions);
    if (gaps.length) {
      setMissing(gaps);
      return;
    }
    setStatus("submitting");
    const result = await submit(clean(questions, answers));
    setStatus(result === "ok" ? "thanks" : "error");
  };

  const visible = oneAtATime ? [questions[step]] : questions;
  const last = !oneAtATime || step === questions.length - 1;
  const next = () => {
    const gaps = unanswered(visible);
    if (gaps.length) setMissing(gaps);
    else setStep((s) => Math.min(s + 1, questions.length - 1));
  };

  return (
    <s-section heading={survey.title}>
      <s-stack gap="base">
        {oneAtATime ? <s-text color="subdued">{t("progress", { current: step + 1, total: questions.length })}</s-text> : null}
        {visible.map((q) => (
          <QuestionField
            key={q.id}
            q={q}
            value={answers[q.id]}
            error={missing.includes(q.id) ? t("required") : undefined}
            t={t}
            onChange={(a) => setAnswer(q.id, a)}
          />
        ))}
        {status === "error" ? (
          <s-banner tone="critical" heading={t("sendFailed")}>
            <s-text>{t("sendFailedHint")}</s-text>
          </s-banner>
        ) : null}
        <s-stack direction="inline" gap="base">
          {oneAtATime && step > 0 ? (
            <s-button variant="secondary" onClick={() => setStep((s) => s - 1)}>
              {t("back")}
            </s-button>
          ) : null}
          {last ? (
            <s-button variant="primary" loading={status === "submitting"} onClick={send}>
              {status === "error" ? t("retry") : t("submit")}
            </s-button>
          ) : (
            <s-button variant="primary" onClick={next}>
              {t("next")}
            </s-button>
          )}
        </s-stack>
      </s-stack>
    </s-section>
  );
}

/** Drops "other" text when "Other" is not picked, trims free text. */
function clean(questions: Question[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const a = answers[q.id];
    if (!a || !isAnswered(q, a)) continue;
    if (q.type === "single") {
      const s = a as SingleAnswer;
      out[q.id] = s.choice === OTHER ? { choice: OTHER, other: (s.other ?? "").trim() } : { choice: s.choice };
    } else if (q.type === "multiple") {
      const m = a as MultipleAnswer;
      out[q.id] = m.choices.includes(OTHER) ? { choices: m.choices, other: (m.other ?? "").trim() } : { choices: m.choices };
    } else if (q.type === "text") {
      out[q.id] = { text: (a as TextAnswer).text.trim() };
    } else out[q.id] = a;
  }
  return out;
}

interface FieldProps {
  q: Question;
  value: Answer | undefined;
  error?: string;
  t: Translate;
  onChange: (a: Answer | undefined) => void;
}

function valuesOf(event: Event): string[] {
  return ((event.currentTarget as unknown as { values?: string[] }).values ?? []).slice();
}
function valueOf(event: Event): string {
  return (event.currentTarget as unknown as { value?: string }).value ?? "";
}

function QuestionField({ q, value, error, t, onChange }: FieldProps) {
  if (q.type === "single" || q.type === "multiple")
    return <ChoiceField q={q} value={value} error={error} t={t} onChange={onChange} />;
  if (q.type === "text") return <TextField q={q} value={value} error={error} t={t} onChange={onChange} />;
  const [min, max] = q.type === "rating" ? [RATING_MIN, RATING_MAX] : [NPS_MIN, NPS_MAX];
  const current = (value as ScoreAnswer | undefined)?.value;
  const scores: number[] = [];
  for (let i = min; i <= max; i++) scores.push(i);
  return (
    <s-stack gap="small-200">
      <s-choice-list
        name={q.id}
        label={q.label}
        variant="inline"
        error={error}
        values={current === undefined ? [] : [String(current)]}
        onChange={(e: Event) => {
          const v = valuesOf(e)[0];
          onChange(v === undefined ? undefined : { value: Number(v) });
        }}
      >
        {scores.map((s) => (
          <s-choice key={s} value={String(s)} accessibilityLabel={q.type === "rating" ? t("stars", { count: s }) : String(s)}>
            {String(s)}
          </s-choice>
        ))}
      </s-choice-list>
      <s-text color="subdued">{q.type === "rating" ? t("ratingHint") : t("npsHint")}</s-text>
    </s-stack>
  );
}

function ChoiceField({ q, value, error, t, onChange }: FieldProps & { q: ChoiceQuestion }) {
  const multiple = q.type === "multiple";
  const picked = multiple
    ? ((value as MultipleAnswer | undefined)?.choices ?? [])
    : (value as SingleAnswer | undefined)?.choice
      ? [(value as SingleAnswer).choice]
      : [];
  const other = (value as SingleAnswer | MultipleAnswer | undefined)?.other ?? "";
  return (
    <s-stack gap="small-200">
      <s-choice-list
        name={q.id}
        label={q.label}
        multiple={multiple}
        error={error}
        values={picked}
        onChange={(e: Event) => {
          const vs = valuesOf(e);
          if (multiple) onChange(vs.length ? { choices: vs, other } : undefined);
          else onChange(vs[0] ? { choice: vs[0], other } : undefined);
        }}
      >
        {q.options.map((o) => (
          <s-choice key={o.id} value={o.id}>
            {o.label}
          </s-choice>
        ))}
        {q.allowOther ? <s-choice value={OTHER}>{t("other")}</s-choice> : null}
      </s-choice-list>
      {q.allowOther && picked.includes(OTHER) ? (
        <s-text-field
          label={t("otherLabel")}
          value={other}
          maxLength={OTHER_TEXT_LIMIT}
          onInput={(e: Event) =>
            onChange(multiple ? { choices: picked, other: valueOf(e) } : { choice: OTHER, other: valueOf(e) })
          }
        />
      ) : null}
    </s-stack>
  );
}

function TextField({ q, value, error, onChange }: FieldProps & { q: TextQuestion }) {
  return (
    <s-text-area
      label={q.label}
      rows={3}
      maxLength={textLimit(q)}
      error={error}
      value={(value as TextAnswer | undefined)?.text ?? ""}
      onInput={(e: Event) => {
        const text = valueOf(e);
        onChange(text ? { text } : undefined);
      }}
    />
  );
}
