import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { eraseCustomerData, eraseShopData, exportCustomerData } from "../../app/privacy/compliance.server";
import { action, loader } from "../../app/routes/api.survey";
import "../../app/surveys/privacy.server";
import { createSurvey, setSurveyEnabled, updateSurvey } from "../../app/surveys/surveys.server";
import type { Question } from "../../app/surveys/types";
import { apiRequest, call, checkoutToken, installShop, resetCheckoutTables } from "./helpers";

const A = "north-shop.myshopify.com";
const B = "south-shop.myshopify.com";
const ORDER = "gid://shopify/OrderIdentity/5001";

const QUESTIONS: Question[] = [
  {
    id: "source",
    type: "single",
    label: "How did you hear about us?",
    required: true,
    allowOther: true,
    options: [
      { id: "search", label: "Search" },
      { id: "friend", label: "A friend" },
    ],
  },
  {
    id: "liked",
    type: "multiple",
    label: "What did you like?",
    required: false,
    options: [
      { id: "price", label: "Price" },
      { id: "speed", label: "Speed" },
    ],
  },
  { id: "rating", type: "rating", label: "Rate the checkout", required: false },
  { id: "nps", type: "nps", label: "Would you recommend us?", required: false },
  { id: "notes", type: "text", label: "Anything else?", required: false, maxLength: 50 },
];

async function enabledSurvey(shop: string, questions: Question[] = QUESTIONS) {
  const s = await createSurvey(shop, { title: "Quick question", questions });
  await setSurveyEnabled(shop, s.id, true);
  return s;
}

const get = async (shop: string, query = `orderId=${encodeURIComponent(ORDER)}&firstOrder=1`, sub?: string) =>
  call(loader, apiRequest(`/api/survey?${query}`, { token: await checkoutToken({ shop, sub }) }));
/** Like the extension: load the survey for the order (records the impression), then answer. */
const post = async (shop: string, body: unknown, sub?: string) => {
  const orderId = (body as { orderId?: unknown })?.orderId;
  if (typeof orderId === "string") await get(shop, `orderId=${encodeURIComponent(orderId)}&firstOrder=1`, sub);
  return postOnly(shop, body, sub);
};
const postOnly = async (shop: string, body: unknown, sub?: string) =>
  call(action, apiRequest("/api/survey", { token: await checkoutToken({ shop, sub }), body }));

/** The orders these tests answer for, as orders/create made them known (survey answers need a real order). */
const KNOWN_ORDERS: [string, string, string | null][] = [
  [A, "5001", "42"],
  [A, "5002", null],
  [A, "7777", null],
  [A, "1", "42"],
  [A, "2", "43"],
  [B, "5001", null],
];

beforeEach(async () => {
  await resetCheckoutTables();
  await installShop(A);
  await installShop(B);
  for (const [shop, id, customerId] of KNOWN_ORDERS)
    await prisma.shopOrder.create({ data: { shop, orderId: `gid://shopify/Order/${id}`, customerId, createdAt: new Date() } });
});

describe("api.survey authentication", () => {
  it("answers 401 without a token", async () => {
    expect((await call(loader, apiRequest(`/api/survey?orderId=1`))).status).toBe(401);
    expect((await call(action, apiRequest("/api/survey", { body: {} }))).status).toBe(401);
  });

  it("answers 401 to an expired token, a token not yet valid, and a wrong signature", async () => {
    const expired = await checkoutToken({ shop: A, expIn: -60, nbfIn: -120 });
    expect((await call(loader, apiRequest("/api/survey?orderId=1", { token: expired }))).status).toBe(401);
    const future = await checkoutToken({ shop: A, nbfIn: 120 });
    expect((await call(loader, apiRequest("/api/survey?orderId=1", { token: future }))).status).toBe(401);
    const forged = await checkoutToken({ shop: A, secret: "someone-elses-secret" });
    expect((await call(loader, apiRequest("/api/survey?orderId=1", { token: forged }))).status).toBe(401);
  });

  it("answers 401 to a token for another app (audience)", async () => {
    const token = await checkoutToken({ shop: A, aud: "another-apps-api-key" });
    const res = await call(loader, apiRequest("/api/survey?orderId=1", { token }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Session token is for another app." });
  });

  it("answers 403 for a shop that has not installed the app", async () => {
    const res = await get("stranger-shop.myshopify.com");
    expect(res.status).toBe(403);
  });

  it("answers preflight requests with CORS headers and adds them to answers", async () => {
    const pre = await call(
      action,
      new Request("http://127.0.0.1:3999/api/survey", {
        method: "OPTIONS",
        headers: { Origin: "https://extensions.shopifycdn.com" },
      }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(pre.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    await enabledSurvey(A);
    const res = await get(A);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("keeps shops apart: shop B neither sees nor answers shop A's survey", async () => {
    const s = await enabledSurvey(A);
    const seenByB = await (await get(B)).json();
    expect(seenByB).toEqual({ survey: null, answered: false });
    const res = await post(B, { orderId: ORDER, versionId: s.currentVersionId, answers: { source: { choice: "search" } } });
    expect(res.status).toBe(403);
    expect(await prisma.surveyResponse.count()).toBe(0);
  });
});

describe("api.survey behaviour", () => {
  it("returns the enabled survey version and records that the order saw it", async () => {
    const s = await enabledSurvey(A);
    const body = await (await get(A)).json();
    expect(body.answered).toBe(false);
    expect(body.survey).toMatchObject({
      surveyId: s.id,
      versionId: s.currentVersionId,
      title: "Quick question",
      displayMode: "all_at_once",
    });
    expect(body.survey.questions.map((q: Question) => q.id)).toEqual(["source", "liked", "rating", "nps", "notes"]);
    expect(await prisma.surveyImpression.count({ where: { shop: A, orderId: "5001" } })).toBe(1);
  });

  it("returns no survey when none is enabled", async () => {
    const s = await createSurvey(A, { title: "Off", questions: QUESTIONS });
    expect(s.enabled).toBe(false);
    expect(await (await get(A)).json()).toEqual({ survey: null, answered: false });
  });

  it("shows a first-time-only survey to first orders only", async () => {
    const s = await enabledSurvey(A);
    await updateSurvey(A, s.id, { title: "Quick question", questions: QUESTIONS, targeting: "first_time" });
    expect((await (await get(A, `orderId=${ORDER}&firstOrder=0`)).json()).survey).toBeNull();
    expect((await (await get(A, `orderId=${ORDER}&firstOrder=1`)).json()).survey).not.toBeNull();
    // The order status page cannot tell; the order was seen as a first order on its thank-you page.
    expect((await (await get(A, `orderId=gid://shopify/Order/5001`)).json()).survey).not.toBeNull();
    expect((await (await get(A, `orderId=gid://shopify/Order/7777`)).json()).survey).toBeNull();
  });

  it("stores valid answers once per order and version; a resubmission is a no-op", async () => {
    const s = await enabledSurvey(A);
    const answers = {
      source: { choice: "__other", other: "A podcast" },
      liked: { choices: ["price", "speed"] },
      rating: { value: 4 },
      nps: { value: 9 },
      notes: { text: "  fast  " },
    };
    const first = await post(A, { orderId: ORDER, versionId: s.currentVersionId, answers }, "gid://shopify/Customer/42");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, duplicate: false });
    const again = await post(
      A,
      { orderId: ORDER, versionId: s.currentVersionId, answers: { source: { choice: "search" } } },
      "gid://shopify/Customer/42",
    );
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    const rows = await prisma.surveyResponse.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: A, orderId: "5001", customerId: "42", surveyVersionId: s.currentVersionId });
    expect(JSON.parse(rows[0].answers)).toEqual({ ...answers, notes: { text: "fast" } });
    // Thank-you page reload and the order status page (Order gid, same number) both know it is answered.
    expect(await (await get(A)).json()).toEqual({ survey: null, answered: true });
    expect(await (await get(A, "orderId=gid://shopify/Order/5001")).json()).toEqual({ survey: null, answered: true });
  });

  it("takes answers only for an order the survey was shown for, from that order's buyer", async () => {
    const s = await enabledSurvey(A);
    const body = { orderId: ORDER, versionId: s.currentVersionId, answers: { source: { choice: "friend" } } };
    const unseen = await postOnly(A, body);
    expect(unseen.status).toBe(409);
    expect(await unseen.json()).toEqual({ error: "This survey was not shown for this order." });
    await get(A, `orderId=${encodeURIComponent(ORDER)}&firstOrder=1`, "gid://shopify/Customer/42");
    const stranger = await postOnly(A, body, "gid://shopify/Customer/99");
    expect(stranger.status).toBe(403);
    expect((await postOnly(A, body, "gid://shopify/Customer/42")).status).toBe(200);
    expect(await prisma.surveyResponse.count()).toBe(1);
  });

  it("stores concurrent duplicate submissions once", async () => {
    const s = await enabledSurvey(A);
    const body = { orderId: ORDER, versionId: s.currentVersionId, answers: { source: { choice: "friend" } } };
    await get(A);
    const results = await Promise.all([postOnly(A, body), postOnly(A, body), postOnly(A, body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await prisma.surveyResponse.count()).toBe(1);
  });

  it.each([
    [{ nope: { text: "x" }, source: { choice: "search" } }, "Unknown question 'nope'."],
    [{ source: { choice: "tv" } }, "'tv' is not an option of 'source'."],
    [{ source: "search" }, "Answer to 'source' must be an object."],
    [{ liked: { choices: ["price"] } }, "Question 'source' is required."],
    [
      { source: { choice: "search" }, rating: { value: 6 } },
      "Answer to 'rating' must be {value} with a whole number from 1 to 5.",
    ],
    [{ source: { choice: "search" }, nps: { value: "10" } }, "Answer to 'nps' must be {value} with a whole number from 0 to 10."],
    [{ source: { choice: "search" }, notes: { text: "x".repeat(51) } }, "Answer to 'notes' is longer than 50 characters."],
    [
      { source: { choice: "search" }, liked: { choices: "price" } },
      "Answer to 'liked' must be {choices, other?} with a list of option ids.",
    ],
    [{ source: { choice: "__other" } }, `'source': please describe "Other".`],
  ])("answers 400 with a message for invalid answers %#", async (answers, message) => {
    const s = await enabledSurvey(A);
    const res = await post(A, { orderId: ORDER, versionId: s.currentVersionId, answers });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: message });
    expect(await prisma.surveyResponse.count()).toBe(0);
  });

  it("answers 400 to a bad body, a bad order id and 404 to an unknown version", async () => {
    const s = await enabledSurvey(A);
    expect(
      (await call(action, apiRequest("/api/survey", { token: await checkoutToken({ shop: A }), body: "{not json" }))).status,
    ).toBe(400);
    expect(
      (await post(A, { orderId: "drop table", versionId: s.currentVersionId, answers: { source: { choice: "search" } } })).status,
    ).toBe(400);
    expect((await post(A, { orderId: ORDER, versionId: "missing", answers: { source: { choice: "search" } } })).status).toBe(404);
  });

  it("validates answers against the version shown, not the newest one", async () => {
    const s = await enabledSurvey(A);
    const v1 = s.currentVersionId!;
    const v2 = (
      await updateSurvey(A, s.id, {
        title: "Quick question",
        questions: [{ id: "fresh", type: "rating", label: "New", required: true }],
      })
    ).currentVersionId!;
    expect(v2).not.toBe(v1);
    expect((await post(A, { orderId: ORDER, versionId: v1, answers: { source: { choice: "search" } } })).status).toBe(200);
    const other = "gid://shopify/OrderIdentity/5002";
    const bad = await post(A, { orderId: other, versionId: v2, answers: { source: { choice: "search" } } });
    expect(bad.status).toBe(400);
    const rows = await prisma.surveyResponse.findMany();
    expect(rows.map((r) => r.surveyVersionId)).toEqual([v1]);
  });
});

describe("api.survey: only orders the shop really has (issue 11, finding 5)", () => {
  it("a genuine token cannot open the survey for a made-up order number, nor answer it", async () => {
    const s = await enabledSurvey(A);
    // Neither orders/create nor the Admin API (no access here) knows order 31337.
    const made = "gid://shopify/OrderIdentity/31337";
    const shown = await get(A, `orderId=${encodeURIComponent(made)}&firstOrder=1`);
    expect(shown.status).not.toBe(200);
    expect(await prisma.surveyImpression.count()).toBe(0);
    const answered = await postOnly(A, { orderId: made, versionId: s.currentVersionId, answers: { source: { choice: "search" } } });
    expect(answered.status).not.toBe(200);
    expect(await prisma.surveyResponse.count()).toBe(0);
  }, 30_000);

  it("a logged-in buyer answers only for their own order", async () => {
    const s = await enabledSurvey(A);
    const body = { orderId: ORDER, versionId: s.currentVersionId, answers: { source: { choice: "friend" } } };
    // Order 5001 is customer 42's: customer 99's token neither opens nor answers it.
    expect((await get(A, `orderId=${encodeURIComponent(ORDER)}&firstOrder=1`, "gid://shopify/Customer/99")).status).toBe(403);
    expect(await prisma.surveyImpression.count()).toBe(0);
    expect((await post(A, body, "gid://shopify/Customer/99")).status).toBe(403);
    expect(await prisma.surveyResponse.count()).toBe(0);
  });
});

describe("survey data and privacy", () => {
  it("customers/redact erases that customer's answers only; data_request exports them", async () => {
    const s = await enabledSurvey(A);
    const answers = { source: { choice: "search" } };
    await post(
      A,
      { orderId: "gid://shopify/OrderIdentity/1", versionId: s.currentVersionId, answers },
      "gid://shopify/Customer/42",
    );
    await post(
      A,
      { orderId: "gid://shopify/OrderIdentity/2", versionId: s.currentVersionId, answers },
      "gid://shopify/Customer/43",
    );
    const exported = (await exportCustomerData(A, "42")) as Record<string, Array<{ orderId: string; answers: unknown }>>;
    expect(exported.surveys).toEqual([expect.objectContaining({ orderId: "1", answers })]);
    const erased = await eraseCustomerData(A, "42");
    expect(erased.surveys).toBeGreaterThanOrEqual(1);
    const left = await prisma.surveyResponse.findMany();
    expect(left.map((r) => r.customerId)).toEqual(["43"]);
  });

  it("shop/redact erases the shop's surveys and answers, not another shop's", async () => {
    const a = await enabledSurvey(A);
    const b = await enabledSurvey(B);
    await post(A, { orderId: ORDER, versionId: a.currentVersionId, answers: { source: { choice: "search" } } });
    await post(B, { orderId: ORDER, versionId: b.currentVersionId, answers: { source: { choice: "search" } } });
    await eraseShopData(A);
    expect(await prisma.survey.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.surveyVersion.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.surveyResponse.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.surveyResponse.count({ where: { shop: B } })).toBe(1);
  });
});
