import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { answerText, nps, responseRate, summarize } from "../../app/surveys/stats";
import type { Answers, Question } from "../../app/surveys/types";
import { validateAnswers, validateQuestions } from "../../app/surveys/validate";

describe("NPS math", () => {
  it("classifies 0–6 / 7–8 / 9–10 and rounds %promoters − %detractors", () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
    expect(nps([10, 10, 9])).toMatchObject({ score: 100 });
    expect(nps([0, 6, 5])).toMatchObject({ score: -100 });
    expect(nps([9, 9, 7])).toMatchObject({ promoters: 2, passives: 1, score: 67 });
    expect(nps([])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
  });

  it("always lies in [-100, 100] and the groups add up", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 200 }), (values) => {
        const r = nps(values);
        expect(r.promoters + r.passives + r.detractors).toBe(values.length);
        expect(r.score!).toBeGreaterThanOrEqual(-100);
        expect(r.score!).toBeLessThanOrEqual(100);
        expect(r.score).toBe(Math.round(((r.promoters - r.detractors) / values.length) * 100));
      }),
    );
  });

  it("response rate", () => {
    expect(responseRate(1, 3)).toBe(33.3);
    expect(responseRate(0, 0)).toBeNull();
  });
});

const Q: Question[] = [
  {
    id: "c",
    type: "single",
    label: "Pick",
    required: true,
    options: [
      { id: "a", label: "A" },
      { id: "b", label: "B" },
    ],
    allowOther: true,
  },
  {
    id: "m",
    type: "multiple",
    label: "Many",
    required: false,
    options: [
      { id: "x", label: "X" },
      { id: "y", label: "Y" },
    ],
  },
  { id: "r", type: "rating", label: "Rate", required: false },
  { id: "n", type: "nps", label: "NPS", required: false },
  { id: "t", type: "text", label: "Say", required: false, maxLength: 10 },
];

describe("answer validator", () => {
  it("accepts well-formed answers and normalizes them", () => {
    const r = validateAnswers(Q, {
      c: { choice: "__other", other: " mine " },
      m: { choices: ["y"] },
      r: { value: 5 },
      n: { value: 0 },
      t: { text: " hi " },
    });
    expect(r).toEqual({
      ok: true,
      value: {
        c: { choice: "__other", other: "mine" },
        m: { choices: ["y"] },
        r: { value: 5 },
        n: { value: 0 },
        t: { text: "hi" },
      },
    });
  });

  it.each([
    [{}, "Question 'c' is required."],
    [[], "answers must be an object keyed by question id."],
    [{ c: { choice: "a" }, m: { choices: ["x", "x"] } }, "'m' lists an option twice."],
    [{ c: { choice: "a" }, m: { choices: ["z"] } }, "'z' is not an option of 'm'."],
    [{ c: { choice: "a" }, m: { choices: ["__other"], other: "q" } }, "'m' has no Other choice."],
    [{ c: { choice: "a", other: "sneaky" } }, `'c': "other" text given without choosing Other.`],
    [{ c: { choice: "__other", other: "x".repeat(201) } }, `'c': "other" text is longer than 200 characters.`],
    [{ c: { choice: "a" }, r: { value: 0 } }, "Answer to 'r' must be {value} with a whole number from 1 to 5."],
    [{ c: { choice: "a" }, r: { value: 4.5 } }, "Answer to 'r' must be {value} with a whole number from 1 to 5."],
    [{ c: { choice: "a" }, n: { value: 11 } }, "Answer to 'n' must be {value} with a whole number from 0 to 10."],
    [{ c: { choice: "a" }, n: { value: 3, extra: 1 } }, "Answer to 'n' must be {value} with a whole number from 0 to 10."],
    [{ c: { choice: "a" }, t: { text: 5 } }, "Answer to 't' must be {text} with a string."],
    [{ c: { choice: "a" }, t: { text: "12345678901" } }, "Answer to 't' is longer than 10 characters."],
    [{ c: { choice: "a" }, zz: { value: 1 } }, "Unknown question 'zz'."],
  ])("rejects %j", (answers, error) => {
    expect(validateAnswers(Q, answers)).toEqual({ ok: false, error });
  });

  it("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const r = validateAnswers(Q, input);
        expect(typeof r.ok).toBe("boolean");
      }),
    );
  });
});

describe("question validator (builder)", () => {
  it("normalizes a definition", () => {
    const r = validateQuestions([{ id: "q1", type: "text", label: " Hi ", required: 1, maxLength: 20 }]);
    expect(r).toEqual({ ok: true, value: [{ id: "q1", type: "text", label: "Hi", required: false, maxLength: 20 }] });
  });
  it.each([
    [[], "Add at least one question."],
    [[{ id: "a", type: "single", label: "x", options: [{ id: "o", label: "O" }] }], "Question 1 needs at least two options."],
    [[{ id: "a", type: "stars", label: "x" }], "Question 1 has an unknown type 'stars'."],
    [
      [
        { id: "a", type: "nps", label: "x" },
        { id: "a", type: "nps", label: "y" },
      ],
      "Question id 'a' is used twice.",
    ],
    [[{ id: "a", type: "text", label: "x", maxLength: 5000 }], "Question 1's maximum length must be 1–2000."],
  ])("rejects %j", (input, error) => {
    expect(validateQuestions(input)).toEqual({ ok: false, error });
  });
});

describe("summaries", () => {
  it("tallies choices, ratings, NPS and texts", () => {
    const responses: Answers[] = [
      { c: { choice: "a" }, r: { value: 5 }, n: { value: 10 }, t: { text: "great" } },
      { c: { choice: "__other", other: "radio" }, r: { value: 3 }, n: { value: 2 } },
      { c: { choice: "a" }, m: { choices: ["x", "y"] } },
    ];
    const [c, m, r, n, t] = Q.map((q) => summarize(q, responses));
    expect(c).toMatchObject({ answered: 3, other: ["radio"] });
    expect(c.type !== "text" && c.bars.map((b) => b.count)).toEqual([2, 0, 1]);
    expect(m.type !== "text" && m.bars.map((b) => b.count)).toEqual([1, 1]);
    expect(r).toMatchObject({ answered: 2, average: 4 });
    expect(n.type === "nps" && n.nps).toMatchObject({ promoters: 1, detractors: 1, score: 0 });
    expect(t).toMatchObject({ texts: ["great"] });
    expect(answerText(Q[0], { choice: "__other", other: "radio" })).toBe("Other: radio");
    expect(answerText(Q[1], { choices: ["x", "y"] })).toBe("X; Y");
  });
});
