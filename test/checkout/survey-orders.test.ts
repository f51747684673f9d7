// Issue 11, finding 5: survey impressions and answers only for orders the shop really has —
// known from orders/create, or confirmed by the Admin API (here the stand-in's, on the real
// 2026-10 schema) with a short wait for a thank-you page that loads before the webhook — placed
// at most SURVEY_ORDER_MAX_AGE_DAYS ago, and, for a logged-in buyer, the buyer's own.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { AdminClient } from "../../app/admin/client.server";
import { SURVEY_ORDER_MAX_AGE_DAYS, type OrderCheckDeps } from "../../app/surveys/orders.server";
import { activeSurveyFor, createSurvey, setSurveyEnabled, submitResponse, SurveyError } from "../../app/surveys/surveys.server";
import { startStandin, type Standin } from "../../dev/kit";
import { installShop, resetCheckoutTables } from "./helpers";

const SHOP = "north-shop.myshopify.com";
let standin: Standin;
let deps: OrderCheckDeps;
let adminCalls = 0;
let versionId: string;

beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:1", apiKey: "k", apiSecret: "s" });
  standin.control.createShop({ shop: SHOP });
  standin.control.createProduct({ shop: SHOP, title: "Mug", variants: [{ title: "Default Title", sku: "MUG", price: "10.00", stock: 50 }] });
  const { access_token } = standin.control.issueToken({ shop: SHOP }) as { access_token: string };
  const client = new AdminClient({ shop: SHOP, endpoint: `${standin.url}/store/north-shop/admin/api/2026-10/graphql.json`, getToken: async () => ({ token: access_token, expiresAt: null }) });
  deps = {
    admin: () => ({ request: (...a: Parameters<AdminClient["request"]>) => (adminCalls++, client.request(...a)) }) as Pick<AdminClient, "request">,
    waitMs: 3_000,
  };
});

afterAll(async () => {
  await standin?.stop();
});

beforeEach(async () => {
  await resetCheckoutTables();
  await installShop(SHOP);
  adminCalls = 0;
  const s = await createSurvey(SHOP, { title: "Q", questions: [{ id: "q", type: "rating", label: "Rate us", required: true }] });
  await setSurveyEnabled(SHOP, s.id, true);
  versionId = (await prisma.survey.findUniqueOrThrow({ where: { id: s.id } })).currentVersionId!;
});

const status = (p: Promise<unknown>) => p.then(() => 200, (e) => (e instanceof SurveyError ? e.status : Promise.reject(e)));
const show = (orderId: string, customerId: string | null = null) => activeSurveyFor(SHOP, { orderId: `gid://shopify/OrderIdentity/${orderId}`, firstOrder: true, customerId }, deps);
const answer = (orderId: string, customerId: string | null = null) => submitResponse(SHOP, { orderId: `gid://shopify/OrderIdentity/${orderId}`, versionId, answers: { q: { value: 5 } }, customerId }, deps);

describe("survey orders", () => {
  it("accepts an order the Admin API confirms before orders/create arrives, and remembers it", async () => {
    const order = standin.control.placeOrder({ shop: SHOP, lines: [{ sku: "MUG", quantity: 1 }] }) as { id: number };
    const shown = await show(String(order.id));
    expect(shown.survey?.versionId).toBe(versionId);
    // Remembered with the buyer the Admin API names: the same customer orders/create will carry.
    const row = await prisma.shopOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: `gid://shopify/Order/${order.id}` } } });
    const buyer = standin.platform.buyers.forOrder(SHOP, standin.control.getOrder({ shop: SHOP, orderId: order.id }) as never);
    expect(row.customerId).toBe(String(buyer.customerId));
    expect(await status(show(String(order.id), "1"))).toBe(403);
    const calls = adminCalls;
    expect(await status(answer(String(order.id)))).toBe(200);
    expect(adminCalls).toBe(calls); // known now: no second Admin API call
  });

  it("refuses a made-up order number: no impression, no answer", async () => {
    expect(await status(show("987654321"))).toBe(404);
    expect(await prisma.surveyImpression.count()).toBe(0);
    expect(await status(answer("987654321"))).toBe(404);
    expect(await prisma.surveyResponse.count()).toBe(0);
  });

  it("waits briefly for an order the thank-you page knows before the webhook and the API do", async () => {
    const id = "5550001";
    // orders/create lands while the thank-you page's request is waiting.
    // (A Prisma query runs only once awaited: then() starts it.)
    setTimeout(() => prisma.shopOrder.create({ data: { shop: SHOP, orderId: `gid://shopify/Order/${id}`, createdAt: new Date() } }).then(() => undefined), 400);
    const shown = await show(id);
    expect(shown.survey?.versionId).toBe(versionId);
  });

  it(`refuses orders older than ${SURVEY_ORDER_MAX_AGE_DAYS} days`, async () => {
    const old = new Date(Date.now() - (SURVEY_ORDER_MAX_AGE_DAYS + 1) * 86_400_000);
    await prisma.shopOrder.create({ data: { shop: SHOP, orderId: "gid://shopify/Order/42", createdAt: old } });
    expect(await status(show("42"))).toBe(403);
    await prisma.shopOrder.create({ data: { shop: SHOP, orderId: "gid://shopify/Order/43", createdAt: new Date(Date.now() - 86_400_000) } });
    expect((await show("43")).survey).not.toBeNull();
  });

  it("takes a logged-in buyer's answers only for the buyer's own order", async () => {
    await prisma.shopOrder.create({ data: { shop: SHOP, orderId: "gid://shopify/Order/77", customerId: "501", createdAt: new Date() } });
    expect(await status(show("77", "999"))).toBe(403);
    expect(await prisma.surveyImpression.count()).toBe(0);
    expect((await show("77", "501")).survey).not.toBeNull();
    expect(await status(answer("77", "999"))).toBe(403);
    expect(await status(answer("77", "501"))).toBe(200);
  });
});
