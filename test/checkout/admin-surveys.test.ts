// Admin survey routes through the real authenticate.admin (embedded app, bearer session
// token from App Bridge's fetch): list/toggle/create, builder save (versions, errors),
// results with filters, CSV export.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { mintAdminSessionToken } from "../../dev/oauth/session-token";
import * as list from "../../app/routes/app.surveys._index";
import * as builder from "../../app/routes/app.surveys.$id";
import * as results from "../../app/routes/app.surveys.$id_.results";
import * as exportCsv from "../../app/routes/app.surveys.$id_.export[.csv]";
import { activeSurveyFor, createSurvey, setSurveyEnabled, submitResponse } from "../../app/surveys/surveys.server";
import type { Question } from "../../app/surveys/types";
import { installShop, resetCheckoutTables } from "./helpers";

const SHOP = "north-shop.myshopify.com";
const OTHER = "south-shop.myshopify.com";
const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

async function adminRequest(path: string, init: { method?: string; form?: Record<string, string> } = {}) {
  const token = await mintAdminSessionToken({
    apiKey: process.env.SHOPIFY_API_KEY!,
    apiSecret: process.env.SHOPIFY_API_SECRET!,
    shop: SHOP,
    userId: 1,
  });
  return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, {
    method: init.method ?? (init.form ? "POST" : "GET"),
    headers: {
      Authorization: `Bearer ${token}`,
      "User-Agent": UA,
      ...(init.form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: init.form ? new URLSearchParams(init.form).toString() : undefined,
  });
}

const run = (fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) =>
  (async () => {
    try {
      return (await fn({ request, params, context: {} } as never)) as Response | Record<string, unknown>;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  })();
const data = async (r: Response | Record<string, unknown>) =>
  (r instanceof Response ? r.json() : r) as Promise<Record<string, any>>;

const QUESTIONS: Question[] = [
  {
    id: "source",
    type: "single",
    label: "How did you hear about us?",
    required: true,
    options: [
      { id: "search", label: "Search" },
      { id: "friend", label: "A friend" },
    ],
  },
  { id: "nps", type: "nps", label: "Recommend us?", required: false },
  { id: "notes", type: "text", label: "Anything else?", required: false },
];

beforeEach(async () => {
  await resetCheckoutTables();
  await prisma.session.deleteMany();
  await installShop(SHOP);
  const scope = process.env.SCOPES!;
  const expires = new Date(Date.now() + 3600_000);
  // What token exchange would have stored: the offline session and the staff member's online one.
  await prisma.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope, accessToken: "shpat_test" },
  });
  await prisma.session.create({
    data: { id: `${SHOP}_1`, shop: SHOP, state: "", isOnline: true, scope, expires, accessToken: "shpua_test", userId: 1n },
  });
});

describe("admin survey pages", () => {
  it("lists the shop's surveys only, creates one from the starter and switches them on one at a time", async () => {
    await createSurvey(OTHER, { title: "Theirs", questions: QUESTIONS });
    const created = await run(list.action, await adminRequest("/app/surveys?index", { form: { intent: "create" } }));
    expect(created instanceof Response && created.status).toBe(302);
    const id = (created as Response).headers.get("Location")!.split("/").pop()!;
    const second = await createSurvey(SHOP, { title: "Second", questions: QUESTIONS });
    const listed = await data(await run(list.loader, await adminRequest("/app/surveys?index")));
    expect(listed.surveys.map((s: { title: string }) => s.title).sort()).toEqual(["Quick question", "Second"]);

    await run(list.action, await adminRequest("/app/surveys?index", { form: { intent: "toggle", id, enabled: "true" } }));
    await run(
      list.action,
      await adminRequest("/app/surveys?index", { form: { intent: "toggle", id: second.id, enabled: "true" } }),
    );
    const states = await prisma.survey.findMany({ where: { shop: SHOP }, select: { id: true, enabled: true } });
    expect(states.find((s) => s.id === id)!.enabled).toBe(false);
    expect(states.find((s) => s.id === second.id)!.enabled).toBe(true);
  });

  it("rejects admin requests without a valid session token", async () => {
    const res = await run(
      list.loader,
      new Request(`${process.env.SHOPIFY_APP_URL}/app/surveys?index`, {
        headers: { Authorization: "Bearer nonsense", "User-Agent": UA },
      }),
    );
    expect(res instanceof Response && res.status).toBe(401);
  });

  it("saves the builder as a new version only when questions change, and explains invalid input", async () => {
    const s = await createSurvey(SHOP, { title: "Quick", questions: QUESTIONS });
    const save = (questions: unknown, title = "Quick", extra: Record<string, string> = {}) =>
      adminRequest(`/app/surveys/${s.id}`, {
        form: { title, questions: JSON.stringify(questions), targeting: "all", displayMode: "all_at_once", ...extra },
      });
    const same = await data(await run(builder.action, await save(QUESTIONS), { id: s.id }));
    expect(same).toEqual({ ok: true, message: "Saved." });
    const changed = await data(
      await run(
        builder.action,
        await save([...QUESTIONS, { id: "rate", type: "rating", label: "Rate us", required: false }], "Quick", {
          displayMode: "one_at_a_time",
        }),
        { id: s.id },
      ),
    );
    expect(changed.message).toMatch(/new version/);
    expect(await prisma.surveyVersion.count({ where: { surveyId: s.id } })).toBe(2);
    expect((await prisma.survey.findUnique({ where: { id: s.id } }))!.displayMode).toBe("one_at_a_time");
    const bad = await run(
      builder.action,
      await save([{ id: "x", type: "single", label: "Pick", options: [{ id: "a", label: "A" }] }]),
      { id: s.id },
    );
    expect((bad as Response).status).toBe(400);
    expect(await data(bad)).toEqual({ ok: false, error: "Question 1 needs at least two options." });
    const loaded = await data(await run(builder.loader, await adminRequest(`/app/surveys/${s.id}`), { id: s.id }));
    expect(loaded.survey.version).toBe(2);
    expect(loaded.questions.map((q: Question) => q.id)).toEqual(["source", "nps", "notes", "rate"]);
    // Another shop's survey id is not found.
    const theirs = await createSurvey(OTHER, { title: "Theirs", questions: QUESTIONS });
    expect(
      ((await run(builder.loader, await adminRequest(`/app/surveys/${theirs.id}`), { id: theirs.id })) as Response).status,
    ).toBe(404);
  });

  it("shows results with NPS, rate, text search and a date range, and exports CSV", async () => {
    const s = await createSurvey(SHOP, { title: "Quick", questions: QUESTIONS });
    await setSurveyEnabled(SHOP, s.id, true);
    const answer = async (order: number, nps: number, notes?: string) => {
      await activeSurveyFor(SHOP, { orderId: `gid://shopify/OrderIdentity/${order}`, firstOrder: true });
      return submitResponse(SHOP, {
        orderId: `gid://shopify/OrderIdentity/${order}`,
        versionId: s.currentVersionId,
        answers: { source: { choice: "friend" }, nps: { value: nps }, ...(notes ? { notes: { text: notes } } : {}) },
      });
    };
    // The shop's orders, as orders/create made them known (answers are taken for real orders only).
    for (let i = 1; i <= 8; i++)
      await prisma.shopOrder.create({ data: { shop: SHOP, orderId: `gid://shopify/Order/${i}`, createdAt: new Date() } });
    await answer(1, 10, "Fast shipping");
    await answer(2, 8, '=HYPERLINK("x")');
    await answer(3, 3, "Box was damaged");
    await prisma.surveyResponse.updateMany({ where: { orderId: "3" }, data: { createdAt: new Date("2026-01-15T12:00:00Z") } });

    const all = await data(await run(results.loader, await adminRequest(`/app/surveys/${s.id}/results`), { id: s.id }));
    expect(all.results).toMatchObject({
      responses: 3,
      ordersSeen: 8,
      responseRate: 37.5,
      nps: { promoters: 1, passives: 1, detractors: 1, score: 0 },
    });
    const source = all.results.questions.find((q: { id: string }) => q.id === "source");
    expect(source.bars.map((b: { count: number }) => b.count)).toEqual([0, 3]);

    const searched = await data(
      await run(results.loader, await adminRequest(`/app/surveys/${s.id}/results?q=damaged`), { id: s.id }),
    );
    expect(searched.results.matches.map((m: { text: string }) => m.text)).toEqual(["Box was damaged"]);
    const ranged = await data(
      await run(results.loader, await adminRequest(`/app/surveys/${s.id}/results?from=2026-01-01&to=2026-01-31`), { id: s.id }),
    );
    expect(ranged.results.responses).toBe(1);
    const backwards = await data(
      await run(results.loader, await adminRequest(`/app/surveys/${s.id}/results?from=2026-02-01&to=2026-01-01`), { id: s.id }),
    );
    expect(backwards.errors).toEqual(["The start date is after the end date."]);

    const csv = (await run(exportCsv.loader, await adminRequest(`/app/surveys/${s.id}/export.csv`), { id: s.id })) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = (await csv.text()).replace(/^\uFEFF/, "");
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(
      '"response_id","submitted_at","order_id","survey_version","How did you hear about us?","Recommend us?","Anything else?"',
    );
    expect(lines).toHaveLength(4);
    expect(text).toContain('"1","1","A friend","10","Fast shipping"');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`); // formula neutralized
  });
});
