// Result math for the admin: NPS and per-question tallies. Pure functions.
import type { Answers, ChoiceQuestion, MultipleAnswer, Question, ScoreAnswer, SingleAnswer, TextAnswer } from "./types";
import { NPS_MAX, NPS_MIN, OTHER, RATING_MAX, RATING_MIN } from "./types";

export interface NpsSummary {
  responses: number;
  promoters: number; // 9–10
  passives: number; // 7–8
  detractors: number; // 0–6
  /** % promoters − % detractors, rounded to a whole number; null without responses. */
  score: number | null;
}

export function nps(values: number[]): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const v of values) {
    if (v >= 9) promoters++;
    else if (v >= 7) passives++;
    else detractors++;
  }
  const n = values.length;
  return { responses: n, promoters, passives, detractors, score: n ? Math.round(((promoters - detractors) / n) * 100) : null };
}

export interface Bar {
  key: string;
  label: string;
  count: number;
}

export type QuestionSummary =
  | { id: string; type: "single" | "multiple"; label: string; answered: number; bars: Bar[]; other: string[] }
  | { id: string; type: "rating"; label: string; answered: number; bars: Bar[]; average: number | null }
  | { id: string; type: "nps"; label: string; answered: number; bars: Bar[]; nps: NpsSummary }
  | { id: string; type: "text"; label: string; answered: number; texts: string[] };

function scoreBars(values: number[], min: number, max: number): Bar[] {
  const bars: Bar[] = [];
  for (let s = min; s <= max; s++) bars.push({ key: String(s), label: String(s), count: values.filter((v) => v === s).length });
  return bars;
}

/** Tallies one question over responses (each response's answers map). */
export function summarize(q: Question, responses: Answers[]): QuestionSummary {
  const given = responses.map((r) => r[q.id]).filter((a) => a !== undefined);
  switch (q.type) {
    case "single":
    case "multiple": {
      const picks = given.flatMap((a) => (q.type === "single" ? [(a as SingleAnswer).choice] : (a as MultipleAnswer).choices));
      const bars: Bar[] = (q as ChoiceQuestion).options.map((o) => ({
        key: o.id,
        label: o.label,
        count: picks.filter((p) => p === o.id).length,
      }));
      if (q.allowOther) bars.push({ key: OTHER, label: "Other", count: picks.filter((p) => p === OTHER).length });
      const other = given.map((a) => (a as SingleAnswer).other).filter((t): t is string => !!t);
      return { id: q.id, type: q.type, label: q.label, answered: given.length, bars, other };
    }
    case "rating": {
      const values = given.map((a) => (a as ScoreAnswer).value);
      const average = values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100 : null;
      return {
        id: q.id,
        type: "rating",
        label: q.label,
        answered: values.length,
        bars: scoreBars(values, RATING_MIN, RATING_MAX),
        average,
      };
    }
    case "nps": {
      const values = given.map((a) => (a as ScoreAnswer).value);
      return {
        id: q.id,
        type: "nps",
        label: q.label,
        answered: values.length,
        bars: scoreBars(values, NPS_MIN, NPS_MAX),
        nps: nps(values),
      };
    }
    case "text":
      return { id: q.id, type: "text", label: q.label, answered: given.length, texts: given.map((a) => (a as TextAnswer).text) };
  }
}

/** Response rate in percent (one decimal), null when no order was seen. */
export function responseRate(responses: number, orders: number): number | null {
  return orders > 0 ? Math.round((responses / orders) * 1000) / 10 : null;
}

/** Renders an answer as plain text (CSV, lists). */
export function answerText(q: Question, a: Answers[string] | undefined): string {
  if (!a) return "";
  switch (q.type) {
    case "single":
    case "multiple": {
      const ids = q.type === "single" ? [(a as SingleAnswer).choice] : (a as MultipleAnswer).choices;
      const other = (a as SingleAnswer).other;
      return ids
        .map((id) => (id === OTHER ? `Other: ${other ?? ""}` : (q.options.find((o) => o.id === id)?.label ?? id)))
        .join("; ");
    }
    case "rating":
    case "nps":
      return String((a as ScoreAnswer).value);
    case "text":
      return (a as TextAnswer).text;
  }
}
