// Survey definitions, versions, impressions and responses (Prisma). Routes call these; every
// function takes the shop first and never reads or writes another shop's rows.
import prisma from "../db.server";
import { OrderCheckError, productionOrderCheck, requireSurveyableOrder, type OrderCheckDeps } from "./orders.server";
import { answerText, nps, responseRate, summarize, type QuestionSummary } from "./stats";
import type { Answers, DisplayMode, PublicSurvey, Question, Targeting } from "./types";
import { validateAnswers, validateQuestions } from "./validate";

export class SurveyError extends Error {
  constructor(
    public status: 400 | 403 | 404 | 409 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface SurveyInput {
  title: string;
  questions: unknown;
  targeting?: Targeting;
  displayMode?: DisplayMode;
}

const TARGETING: Targeting[] = ["all", "first_time"];
const MODES: DisplayMode[] = ["all_at_once", "one_at_a_time"];

/** `gid://shopify/Customer/123` or `123` → `123` (what customers/redact sends). */
export function numericId(gid: string | undefined | null): string | null {
  if (!gid) return null;
  const m = /(\d+)$/.exec(gid);
  return m ? m[1] : null;
}

function checkInput(input: SurveyInput): {
  title: string;
  questions: Question[];
  targeting: Targeting;
  displayMode: DisplayMode;
} {
  const title = (input.title ?? "").trim();
  if (!title) throw new SurveyError(400, "The survey needs a title.");
  if (title.length > 200) throw new SurveyError(400, "The title is longer than 200 characters.");
  const q = validateQuestions(input.questions);
  if (!q.ok) throw new SurveyError(400, q.error);
  const targeting = input.targeting ?? "all";
  if (!TARGETING.includes(targeting)) throw new SurveyError(400, `Unknown targeting '${targeting}'.`);
  const displayMode = input.displayMode ?? "all_at_once";
  if (!MODES.includes(displayMode)) throw new SurveyError(400, `Unknown display mode '${displayMode}'.`);
  return { title, questions: q.value, targeting, displayMode };
}

export async function listSurveys(shop: string) {
  const surveys = await prisma.survey.findMany({ where: { shop }, orderBy: { createdAt: "desc" } });
  const counts = await prisma.surveyResponse.groupBy({ by: ["surveyId"], where: { shop }, _count: { _all: true } });
  return surveys.map((s) => ({ ...s, responses: counts.find((c) => c.surveyId === s.id)?._count._all ?? 0 }));
}

export async function getSurvey(shop: string, id: string) {
  const survey = await prisma.survey.findFirst({ where: { shop, id } });
  if (!survey) return null;
  const version = survey.currentVersionId
    ? await prisma.surveyVersion.findUnique({ where: { id: survey.currentVersionId } })
    : null;
  const versions = await prisma.surveyVersion.findMany({
    where: { surveyId: id },
    orderBy: { version: "asc" },
    select: { id: true, version: true, createdAt: true },
  });
  return { survey, version, versions, questions: version ? (JSON.parse(version.questions) as Question[]) : [] };
}

export async function createSurvey(shop: string, input: SurveyInput) {
  const v = checkInput(input);
  return prisma.$transaction(async (tx) => {
    const survey = await tx.survey.create({ data: { shop, title: v.title, targeting: v.targeting, displayMode: v.displayMode } });
    const version = await tx.surveyVersion.create({
      data: { surveyId: survey.id, shop, version: 1, title: v.title, questions: JSON.stringify(v.questions) },
    });
    return tx.survey.update({ where: { id: survey.id }, data: { currentVersionId: version.id } });
  });
}

/** Saves the builder: a change to the title or questions creates a new version. */
export async function updateSurvey(shop: string, id: string, input: SurveyInput) {
  const v = checkInput(input);
  return prisma.$transaction(async (tx) => {
    const survey = await tx.survey.findFirst({ where: { shop, id } });
    if (!survey) throw new SurveyError(404, "Survey not found.");
    const current = survey.currentVersionId
      ? await tx.surveyVersion.findUnique({ where: { id: survey.currentVersionId } })
      : null;
    let currentVersionId = survey.currentVersionId;
    const questions = JSON.stringify(v.questions);
    if (!current || current.questions !== questions || current.title !== v.title) {
      const last = await tx.surveyVersion.findFirst({ where: { surveyId: id }, orderBy: { version: "desc" } });
      const created = await tx.surveyVersion.create({
        data: { surveyId: id, shop, version: (last?.version ?? 0) + 1, title: v.title, questions },
      });
      currentVersionId = created.id;
    }
    return tx.survey.update({
      where: { id },
      data: { title: v.title, targeting: v.targeting, displayMode: v.displayMode, currentVersionId },
    });
  });
}

/** At most one enabled survey per shop: enabling one switches the others off. */
export async function setSurveyEnabled(shop: string, id: string, enabled: boolean) {
  return prisma.$transaction(async (tx) => {
    const survey = await tx.survey.findFirst({ where: { shop, id } });
    if (!survey) throw new SurveyError(404, "Survey not found.");
    if (enabled) await tx.survey.updateMany({ where: { shop, enabled: true, NOT: { id } }, data: { enabled: false } });
    return tx.survey.update({ where: { id }, data: { enabled } });
  });
}

export async function deleteSurvey(shop: string, id: string) {
  const survey = await prisma.survey.findFirst({ where: { shop, id } });
  if (!survey) throw new SurveyError(404, "Survey not found.");
  await prisma.$transaction([
    prisma.surveyResponse.deleteMany({ where: { shop, surveyId: id } }),
    prisma.surveyImpression.deleteMany({ where: { shop, surveyId: id } }),
    prisma.survey.delete({ where: { id } }),
  ]);
}

/** Only real, recent orders of the shop, and a logged-in buyer's own (app/surveys/orders.server.ts). */
async function checkOrder(shop: string, orderId: string, customerId: string | null | undefined, deps: OrderCheckDeps) {
  try {
    await requireSurveyableOrder(shop, orderId, customerId, deps);
  } catch (error) {
    if (error instanceof OrderCheckError) throw new SurveyError(error.status, error.message);
    throw error;
  }
}

export interface OrderContext {
  /** gid://shopify/OrderIdentity/N (thank-you), gid://shopify/Order/N (order status) or N. */
  orderId: string;
  /** From the thank-you page's orderConfirmation.isFirstOrder; unknown on the order status page. */
  firstOrder?: boolean;
  customerId?: string | null;
}

/**
 * The survey to show for an order, once: `answered` is true when this order already has a
 * response to the enabled survey. Records that the survey was shown (response-rate denominator).
 */
export async function activeSurveyFor(
  shop: string,
  input: OrderContext,
  deps: OrderCheckDeps = productionOrderCheck,
): Promise<{ survey: PublicSurvey | null; answered: boolean }> {
  const orderId = numericId(input.orderId);
  if (!orderId) throw new SurveyError(400, "orderId must be an order id.");
  const ctx = { ...input, orderId };
  const survey = await prisma.survey.findFirst({ where: { shop, enabled: true }, orderBy: { updatedAt: "desc" } });
  if (!survey?.currentVersionId) return { survey: null, answered: false };
  // Before anything is recorded: an impression for a made-up order would inflate the response rate.
  await checkOrder(shop, orderId, input.customerId, deps);
  const answered = await prisma.surveyResponse.findFirst({
    where: { shop, orderId: ctx.orderId, surveyId: survey.id },
    select: { id: true },
  });
  if (answered) return { survey: null, answered: true };
  const seen = await prisma.surveyImpression.findUnique({
    where: { shop_orderId_surveyId: { shop, orderId: ctx.orderId, surveyId: survey.id } },
  });
  const firstOrder = ctx.firstOrder ?? seen?.firstOrder ?? undefined;
  // First-time targeting needs to know; the order status page alone does not say, so only an
  // order first seen on its thank-you page as a first order qualifies there.
  if (survey.targeting === "first_time" && firstOrder !== true) return { survey: null, answered: false };
  const version = await prisma.surveyVersion.findUnique({ where: { id: survey.currentVersionId } });
  if (!version) return { survey: null, answered: false };
  if (!seen) {
    await prisma.surveyImpression
      .create({
        data: {
          shop,
          orderId: ctx.orderId,
          surveyId: survey.id,
          surveyVersionId: version.id,
          customerId: ctx.customerId ?? null,
          firstOrder: ctx.firstOrder ?? null,
        },
      })
      .catch(() => undefined); // a concurrent first view already recorded it
  }
  return {
    answered: false,
    survey: {
      surveyId: survey.id,
      versionId: version.id,
      title: version.title,
      displayMode: survey.displayMode as DisplayMode,
      questions: JSON.parse(version.questions) as Question[],
    },
  };
}

export interface SubmitInput {
  orderId: unknown;
  versionId: unknown;
  answers: unknown;
  customerId?: string | null;
}

/**
 * Stores answers validated against the version they were shown. Idempotent per
 * (shop, order, version): a repeat returns the stored response with `duplicate: true`.
 */
export async function submitResponse(shop: string, input: SubmitInput, deps: OrderCheckDeps = productionOrderCheck) {
  if (
    typeof input.orderId !== "string" ||
    !/^(gid:\/\/shopify\/OrderIdentity\/|gid:\/\/shopify\/Order\/)?\d{1,20}$/.test(input.orderId)
  )
    throw new SurveyError(400, "orderId must be an order id (gid://shopify/OrderIdentity/… or gid://shopify/Order/…).");
  // The thank-you page says OrderIdentity, the order status page Order: same number, one order.
  const orderId = numericId(input.orderId)!;
  if (typeof input.versionId !== "string" || !input.versionId) throw new SurveyError(400, "versionId is required.");
  const version = await prisma.surveyVersion.findUnique({ where: { id: input.versionId } });
  if (!version) throw new SurveyError(404, "Unknown survey version.");
  if (version.shop !== shop) throw new SurveyError(403, "This survey belongs to another shop.");
  const checked = validateAnswers(JSON.parse(version.questions) as Question[], input.answers);
  if (!checked.ok) throw new SurveyError(400, checked.error);
  await checkOrder(shop, orderId, input.customerId, deps);
  // Answers are taken only for an order the survey was shown for (the extension always loads
  // it first), and a logged-in buyer's answers only from that buyer.
  const shown = await prisma.surveyImpression.findUnique({
    where: { shop_orderId_surveyId: { shop, orderId, surveyId: version.surveyId } },
  });
  if (!shown) throw new SurveyError(409, "This survey was not shown for this order.");
  if (shown.customerId && input.customerId !== shown.customerId)
    throw new SurveyError(403, "This order belongs to another customer.");
  const key = { shop_orderId_surveyVersionId: { shop, orderId, surveyVersionId: version.id } };
  const existing = await prisma.surveyResponse.findUnique({ where: key });
  if (existing) return { response: existing, duplicate: true };
  try {
    const response = await prisma.surveyResponse.create({
      data: {
        shop,
        surveyId: version.surveyId,
        surveyVersionId: version.id,
        orderId,
        customerId: input.customerId ?? null,
        answers: JSON.stringify(checked.value),
      },
    });
    return { response, duplicate: false };
  } catch (error) {
    const raced = await prisma.surveyResponse.findUnique({ where: key });
    if (raced) return { response: raced, duplicate: true };
    throw error;
  }
}

export interface ResultsFilter {
  from?: Date;
  to?: Date;
  /** Free-text search over text and "other" answers. */
  search?: string;
}

function range(f: ResultsFilter) {
  return f.from || f.to ? { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } : undefined;
}

export async function surveyResponses(shop: string, surveyId: string, f: ResultsFilter = {}) {
  const rows = await prisma.surveyResponse.findMany({
    where: { shop, surveyId, createdAt: range(f) },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({ ...r, answers: JSON.parse(r.answers) as Answers }));
}

export interface SurveyResults {
  responses: number;
  shown: number;
  ordersSeen: number;
  /** Responses ÷ orders the app saw in the range (orders/create), else ÷ orders shown the survey. */
  responseRate: number | null;
  questions: QuestionSummary[];
  nps: ReturnType<typeof nps> | null;
  matches: { id: string; orderId: string; createdAt: Date; question: string; text: string }[];
}

export async function surveyResults(shop: string, surveyId: string, f: ResultsFilter = {}): Promise<SurveyResults | null> {
  const found = await getSurvey(shop, surveyId);
  if (!found) return null;
  const rows = await surveyResponses(shop, surveyId, f);
  const shown = await prisma.surveyImpression.count({ where: { shop, surveyId, seenAt: range(f) } });
  const ordersSeen = await prisma.shopOrder.count({ where: { shop, createdAt: range(f) } });
  const questions = found.questions.map((q) =>
    summarize(
      q,
      rows.map((r) => r.answers),
    ),
  );
  const npsValues = questions
    .filter((q) => q.type === "nps")
    .flatMap((q) =>
      q.type === "nps"
        ? rows
            .map((r) => r.answers[q.id])
            .filter(Boolean)
            .map((a) => (a as { value: number }).value)
        : [],
    );
  const needle = f.search?.trim().toLowerCase();
  const matches: SurveyResults["matches"] = [];
  const versions = new Map<string, Question[]>();
  for (const r of rows) {
    if (!versions.has(r.surveyVersionId)) {
      const v = await prisma.surveyVersion.findUnique({ where: { id: r.surveyVersionId } });
      versions.set(r.surveyVersionId, v ? (JSON.parse(v.questions) as Question[]) : []);
    }
    for (const q of versions.get(r.surveyVersionId)!) {
      const a = r.answers[q.id] as { text?: string; other?: string } | undefined;
      const text = a?.text ?? a?.other;
      if (!text) continue;
      if (needle && !text.toLowerCase().includes(needle)) continue;
      matches.push({ id: r.id, orderId: r.orderId, createdAt: r.createdAt, question: q.label, text });
    }
  }
  return {
    responses: rows.length,
    shown,
    ordersSeen,
    responseRate: responseRate(rows.length, ordersSeen || shown),
    questions,
    nps: npsValues.length ? nps(npsValues) : null,
    matches,
  };
}

function csvCell(v: string): string {
  // Quote always; neutralize spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One row per response; columns are the union of questions over all versions, in order. */
export async function responsesCsv(shop: string, surveyId: string, f: ResultsFilter = {}): Promise<string | null> {
  const found = await getSurvey(shop, surveyId);
  if (!found) return null;
  const versions = await prisma.surveyVersion.findMany({ where: { surveyId, shop }, orderBy: { version: "asc" } });
  const byVersion = new Map(
    versions.map((v) => [v.id, { version: v.version, questions: JSON.parse(v.questions) as Question[] }]),
  );
  const columns: { id: string; label: string }[] = [];
  for (const v of [...byVersion.values()].reverse())
    for (const q of v.questions) if (!columns.some((c) => c.id === q.id)) columns.push({ id: q.id, label: q.label });
  const rows = await surveyResponses(shop, surveyId, f);
  const lines = [
    ["response_id", "submitted_at", "order_id", "survey_version", ...columns.map((c) => c.label)].map(csvCell).join(","),
  ];
  for (const r of rows) {
    const v = byVersion.get(r.surveyVersionId);
    const cells = columns.map((c) => {
      const q = v?.questions.find((x) => x.id === c.id);
      return q ? answerText(q, r.answers[c.id]) : "";
    });
    lines.push([r.id, r.createdAt.toISOString(), r.orderId, String(v?.version ?? ""), ...cells].map(csvCell).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}
