// GET  /api/survey?orderId=…&firstOrder=0|1 → {survey: PublicSurvey | null, answered}
// POST /api/survey {orderId, versionId, answers} → {ok, duplicate}; 400 {error} on invalid answers
// Called by extensions/thank-you-survey with the checkout (or customer account) session token.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticateCheckout, readJson } from "../checkout/auth.server";
import { SurveyError, activeSurveyFor, submitResponse } from "../surveys/surveys.server";

const NO_STORE = { "Cache-Control": "no-store" };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, customerId, cors } = await authenticateCheckout(request);
  const url = new URL(request.url);
  const orderId = url.searchParams.get("orderId");
  if (!orderId) return cors(json({ error: "orderId is required." }, { status: 400 }));
  const first = url.searchParams.get("firstOrder");
  try {
    const found = await activeSurveyFor(shop, {
      orderId,
      customerId,
      firstOrder: first === "1" ? true : first === "0" ? false : undefined,
    });
    return cors(json(found, { headers: NO_STORE }));
  } catch (error) {
    if (error instanceof SurveyError) return cors(json({ error: error.message }, { status: error.status }));
    throw error;
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, customerId, cors } = await authenticateCheckout(request);
  if (request.method !== "POST")
    return cors(json({ error: "Method not allowed." }, { status: 405, headers: { Allow: "GET, POST" } }));
  const body = await readJson(request);
  if (!body || typeof body !== "object")
    return cors(json({ error: "Body must be JSON {orderId, versionId, answers}." }, { status: 400 }));
  const { orderId, versionId, answers } = body as Record<string, unknown>;
  try {
    const { duplicate } = await submitResponse(shop, { orderId, versionId, answers, customerId });
    return cors(json({ ok: true, duplicate }, { headers: NO_STORE }));
  } catch (error) {
    if (error instanceof SurveyError) return cors(json({ error: error.message }, { status: error.status }));
    throw error;
  }
};
