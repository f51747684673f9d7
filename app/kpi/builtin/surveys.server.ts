// KPIs from survey impressions and responses, and NPS split by what the buyer's checkout
// showed (CartStockNote, recorded by the stock notes API and joined to the order).
import type { PrismaClient } from "@prisma/client";
import type { Answers, Question, ScoreAnswer } from "../../surveys/types";
import type { NumberTree } from "../histogram";
import { registerKpi } from "../registry.server";
import { npsSummary, ratioSummary } from "../summaries";
import { worstOf } from "../availability";
import { chunks } from "./scope.server";

registerKpi({
  id: "survey_response_rate",
  title: "Survey response rate",
  definition: "Responses, of the orders the survey was shown for.",
  format: "percent",
  better: "higher",
  combine: "sum",
  order: 70,
  summarize: ratioSummary({ combine: "sum", decimals: 1 }),
  async aggregate({ scope, from, to, db }) {
    const range = { gte: from, lt: to };
    const [responses, shown] = await Promise.all([
      db.surveyResponse.count({ where: { shop: scope.shop, createdAt: range } }),
      db.surveyImpression.count({ where: { shop: scope.shop, seenAt: range } }),
    ]);
    return responses || shown ? { num: responses, den: shown } : null;
  },
});

interface Score {
  orderId: string;
  value: number;
}

/** The NPS answer of each response in [from, to) (the first NPS question of its version). */
export async function npsScores(db: PrismaClient, shop: string, from: Date, to: Date): Promise<Score[]> {
  const responses = await db.surveyResponse.findMany({ where: { shop, createdAt: { gte: from, lt: to } }, select: { orderId: true, surveyVersionId: true, answers: true } });
  if (!responses.length) return [];
  const versions = await db.surveyVersion.findMany({ where: { id: { in: [...new Set(responses.map((r) => r.surveyVersionId))] } }, select: { id: true, questions: true } });
  const npsQuestion = new Map(versions.map((v) => [v.id, (JSON.parse(v.questions) as Question[]).find((q) => q.type === "nps")?.id]));
  const out: Score[] = [];
  for (const r of responses) {
    const q = npsQuestion.get(r.surveyVersionId);
    const a = q ? ((JSON.parse(r.answers) as Answers)[q] as ScoreAnswer | undefined) : undefined;
    if (a && typeof a.value === "number") out.push({ orderId: r.orderId, value: a.value });
  }
  return out;
}

function tally(values: number[]): NumberTree {
  return { p: values.filter((v) => v >= 9).length, d: values.filter((v) => v <= 6).length, n: values.length };
}

registerKpi({
  id: "nps",
  title: "Net Promoter Score",
  definition: "% promoters (9–10) − % detractors (0–6) among survey answers.",
  format: "score",
  better: "higher",
  combine: "sum",
  order: 71,
  summarize: npsSummary([{ key: "all", label: "All buyers" }]),
  async aggregate({ scope, from, to, db }) {
    const scores = await npsScores(db, scope.shop, from, to);
    return scores.length ? { num: scores.length, den: 0, data: { all: tally(scores.map((s) => s.value)) } } : null;
  },
});

registerKpi({
  id: "nps_by_availability",
  title: "NPS by availability",
  definition: "NPS of buyers whose checkout showed a low-stock or short line vs buyers whose checkout did not.",
  format: "score",
  better: "higher",
  combine: "sum",
  order: 72,
  summarize: npsSummary([
    { key: "hit", label: "Low or short line" },
    { key: "clean", label: "No stock note" },
  ]),
  async aggregate({ scope, from, to, db }) {
    const scores = await npsScores(db, scope.shop, from, to);
    if (!scores.length) return null;
    const statuses = new Map<string, string[]>();
    for (const ids of chunks([...new Set(scores.map((s) => s.orderId))])) {
      const notes = await db.cartStockNote.findMany({ where: { shop: scope.shop, orderId: { in: ids } }, select: { orderId: true, status: true } });
      for (const n of notes) statuses.set(n.orderId!, [...(statuses.get(n.orderId!) ?? []), n.status]);
    }
    const worst = new Map([...statuses].map(([order, s]) => [order, worstOf(s)]));
    // Orders the stock notes never saw (no checkout extension on that checkout) are left out.
    const hit = scores.filter((s) => worst.has(s.orderId) && worst.get(s.orderId) !== "ok").map((s) => s.value);
    const clean = scores.filter((s) => worst.get(s.orderId) === "ok").map((s) => s.value);
    if (!hit.length && !clean.length) return null;
    return { num: hit.length + clean.length, den: 0, data: { hit: tally(hit), clean: tally(clean) } };
  },
});
