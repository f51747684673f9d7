// Validation of survey definitions (admin builder) and of submitted answers (API), against
// the exact survey version the shopper was shown. Pure functions: no I/O.
import {
  type Answers,
  type ChoiceQuestion,
  type Question,
  NPS_MAX,
  NPS_MIN,
  OTHER,
  OTHER_TEXT_LIMIT,
  QUESTION_TYPES,
  RATING_MAX,
  RATING_MIN,
  TEXT_MAX_LIMIT,
  isAnswered,
  textLimit,
} from "./types";

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_QUESTIONS = 20;
const MAX_OPTIONS = 20;
const MAX_LABEL = 300;
const ID = /^[A-Za-z0-9_-]{1,40}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks a survey definition from the builder and returns a normalized copy. */
export function validateQuestions(input: unknown): Result<Question[]> {
  if (!Array.isArray(input)) return { ok: false, error: "Questions must be a list." };
  if (input.length === 0) return { ok: false, error: "Add at least one question." };
  if (input.length > MAX_QUESTIONS) return { ok: false, error: `At most ${MAX_QUESTIONS} questions.` };
  const seen = new Set<string>();
  const out: Question[] = [];
  for (const [i, raw] of input.entries()) {
    const n = i + 1;
    if (!isObject(raw)) return { ok: false, error: `Question ${n} is not an object.` };
    const { id, type, label } = raw;
    if (typeof id !== "string" || !ID.test(id)) return { ok: false, error: `Question ${n} has an invalid id.` };
    if (seen.has(id)) return { ok: false, error: `Question id '${id}' is used twice.` };
    seen.add(id);
    if (typeof type !== "string" || !(QUESTION_TYPES as readonly string[]).includes(type))
      return { ok: false, error: `Question ${n} has an unknown type '${String(type)}'.` };
    if (typeof label !== "string" || !label.trim()) return { ok: false, error: `Question ${n} needs a text.` };
    if (label.length > MAX_LABEL) return { ok: false, error: `Question ${n}'s text is longer than ${MAX_LABEL} characters.` };
    const base = { id, label: label.trim(), required: raw.required === true };
    if (type === "single" || type === "multiple") {
      if (!Array.isArray(raw.options) || raw.options.length < 2)
        return { ok: false, error: `Question ${n} needs at least two options.` };
      if (raw.options.length > MAX_OPTIONS) return { ok: false, error: `Question ${n} has more than ${MAX_OPTIONS} options.` };
      const optIds = new Set<string>();
      const options = [];
      for (const o of raw.options) {
        if (!isObject(o) || typeof o.id !== "string" || !ID.test(o.id) || o.id === OTHER)
          return { ok: false, error: `Question ${n} has an option with an invalid id.` };
        if (optIds.has(o.id)) return { ok: false, error: `Question ${n} uses option id '${o.id}' twice.` };
        optIds.add(o.id);
        if (typeof o.label !== "string" || !o.label.trim()) return { ok: false, error: `Question ${n} has an empty option.` };
        if (o.label.length > MAX_LABEL)
          return { ok: false, error: `Question ${n} has an option longer than ${MAX_LABEL} characters.` };
        options.push({ id: o.id, label: o.label.trim() });
      }
      out.push({ ...base, type, options, allowOther: raw.allowOther === true });
    } else if (type === "text") {
      const max = raw.maxLength === undefined ? undefined : Number(raw.maxLength);
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > TEXT_MAX_LIMIT))
        return { ok: false, error: `Question ${n}'s maximum length must be 1–${TEXT_MAX_LIMIT}.` };
      out.push({ ...base, type, ...(max !== undefined ? { maxLength: max } : {}) });
    } else {
      out.push({ ...base, type: type as "rating" | "nps" });
    }
  }
  return { ok: true, value: out };
}

function checkOther(q: ChoiceQuestion, picked: string[], other: unknown): string | null {
  if (!picked.includes(OTHER))
    return other === undefined || other === "" ? null : `'${q.id}': "other" text given without choosing Other.`;
  if (!q.allowOther) return `'${q.id}' has no Other choice.`;
  if (typeof other !== "string" || !other.trim()) return `'${q.id}': please describe "Other".`;
  if (other.length > OTHER_TEXT_LIMIT) return `'${q.id}': "other" text is longer than ${OTHER_TEXT_LIMIT} characters.`;
  return null;
}

/**
 * Checks submitted answers against the questions of the version shown. Unknown questions,
 * wrong types, unknown options, out-of-range scores, too-long text and missing required
 * answers are errors (the API answers 400 with the message).
 */
export function validateAnswers(questions: Question[], input: unknown): Result<Answers> {
  if (!isObject(input)) return { ok: false, error: "answers must be an object keyed by question id." };
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const key of Object.keys(input)) if (!byId.has(key)) return { ok: false, error: `Unknown question '${key}'.` };
  const out: Answers = {};
  for (const q of questions) {
    const a = input[q.id];
    if (a === undefined || a === null) {
      if (q.required) return { ok: false, error: `Question '${q.id}' is required.` };
      continue;
    }
    if (!isObject(a)) return { ok: false, error: `Answer to '${q.id}' must be an object.` };
    const keys = Object.keys(a);
    const allow = (...k: string[]) => keys.every((x) => k.includes(x));
    switch (q.type) {
      case "single": {
        if (!allow("choice", "other") || typeof a.choice !== "string")
          return { ok: false, error: `Answer to '${q.id}' must be {choice, other?} with a string choice.` };
        if (a.choice !== OTHER && !q.options.some((o) => o.id === a.choice))
          return { ok: false, error: `'${a.choice}' is not an option of '${q.id}'.` };
        const e = checkOther(q, [a.choice], a.other);
        if (e) return { ok: false, error: e };
        out[q.id] = a.choice === OTHER ? { choice: OTHER, other: String(a.other).trim() } : { choice: a.choice };
        break;
      }
      case "multiple": {
        if (!allow("choices", "other") || !Array.isArray(a.choices) || !a.choices.every((c) => typeof c === "string"))
          return { ok: false, error: `Answer to '${q.id}' must be {choices, other?} with a list of option ids.` };
        const choices = a.choices as string[];
        if (new Set(choices).size !== choices.length) return { ok: false, error: `'${q.id}' lists an option twice.` };
        const bad = choices.find((c) => c !== OTHER && !q.options.some((o) => o.id === c));
        if (bad !== undefined) return { ok: false, error: `'${bad}' is not an option of '${q.id}'.` };
        if (q.required && choices.length === 0) return { ok: false, error: `Question '${q.id}' is required.` };
        const e = checkOther(q, choices, a.other);
        if (e) return { ok: false, error: e };
        if (choices.length === 0) break;
        out[q.id] = choices.includes(OTHER) ? { choices, other: String(a.other).trim() } : { choices };
        break;
      }
      case "rating":
      case "nps": {
        const [min, max] = q.type === "rating" ? [RATING_MIN, RATING_MAX] : [NPS_MIN, NPS_MAX];
        if (!allow("value") || typeof a.value !== "number" || !Number.isInteger(a.value) || a.value < min || a.value > max)
          return { ok: false, error: `Answer to '${q.id}' must be {value} with a whole number from ${min} to ${max}.` };
        out[q.id] = { value: a.value };
        break;
      }
      case "text": {
        if (!allow("text") || typeof a.text !== "string")
          return { ok: false, error: `Answer to '${q.id}' must be {text} with a string.` };
        const limit = textLimit(q);
        if (a.text.length > limit) return { ok: false, error: `Answer to '${q.id}' is longer than ${limit} characters.` };
        const text = a.text.trim();
        if (!text) {
          if (q.required) return { ok: false, error: `Question '${q.id}' is required.` };
          break;
        }
        out[q.id] = { text };
        break;
      }
    }
    if (q.required && !isAnswered(q, out[q.id])) return { ok: false, error: `Question '${q.id}' is required.` };
  }
  if (Object.keys(out).length === 0) return { ok: false, error: "No answers given." };
  return { ok: true, value: out };
}
