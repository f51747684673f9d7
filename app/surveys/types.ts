// Survey definitions and answers, shared by the thank-you extension (type-only imports), the
// API routes and the admin. No server-only imports here.

export const QUESTION_TYPES = ["single", "multiple", "rating", "nps", "text"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface ChoiceOption {
  id: string;
  label: string;
}

interface QuestionBase {
  id: string;
  label: string;
  required: boolean;
}

export interface ChoiceQuestion extends QuestionBase {
  type: "single" | "multiple";
  options: ChoiceOption[];
  /** Adds an "Other" choice with a short free-text answer. */
  allowOther?: boolean;
}
export interface RatingQuestion extends QuestionBase {
  type: "rating";
}
export interface NpsQuestion extends QuestionBase {
  type: "nps";
}
export interface TextQuestion extends QuestionBase {
  type: "text";
  /** Characters; at most TEXT_MAX_LIMIT. */
  maxLength?: number;
}
export type Question = ChoiceQuestion | RatingQuestion | NpsQuestion | TextQuestion;

export type DisplayMode = "all_at_once" | "one_at_a_time";
export type Targeting = "all" | "first_time";

/** What the extension receives: one survey version. */
export interface PublicSurvey {
  surveyId: string;
  versionId: string;
  title: string;
  displayMode: DisplayMode;
  questions: Question[];
}

export interface SingleAnswer {
  choice: string;
  other?: string;
}
export interface MultipleAnswer {
  choices: string[];
  other?: string;
}
export interface ScoreAnswer {
  value: number;
}
export interface TextAnswer {
  text: string;
}
export type Answer = SingleAnswer | MultipleAnswer | ScoreAnswer | TextAnswer;
export type Answers = Record<string, Answer>;

/** The option id the "Other" choice carries. */
export const OTHER = "__other";
export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const NPS_MIN = 0;
export const NPS_MAX = 10;
export const TEXT_DEFAULT_LIMIT = 500;
export const TEXT_MAX_LIMIT = 2000;
export const OTHER_TEXT_LIMIT = 200;

export function textLimit(q: TextQuestion): number {
  return Math.min(q.maxLength ?? TEXT_DEFAULT_LIMIT, TEXT_MAX_LIMIT);
}

/** True when the answer counts as given (used for "required"). */
export function isAnswered(q: Question, a: Answer | undefined): boolean {
  if (!a) return false;
  switch (q.type) {
    case "single":
      return typeof (a as SingleAnswer).choice === "string" && (a as SingleAnswer).choice !== "";
    case "multiple":
      return Array.isArray((a as MultipleAnswer).choices) && (a as MultipleAnswer).choices.length > 0;
    case "rating":
    case "nps":
      return typeof (a as ScoreAnswer).value === "number";
    case "text":
      return typeof (a as TextAnswer).text === "string" && (a as TextAnswer).text.trim() !== "";
  }
}
