// Admin page "Plans": the comparison, the current plan (from billing.check), choose / switch /
// cancel through the library's billing.request and billing.cancel.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PlansPage } from "../components/billing/PlansPage";
import { recordCheck } from "../billing/state.server";
import { isDevelopmentStore, plansReturnUrl } from "../billing/shopify-plan.server";
import { PAID_PLAN_NAMES, planById } from "../billing/plans";
import { planLimits } from "../billing/limits.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Plans · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, billing, admin } = await authenticate.admin(request);
  const url = new URL(request.url);
  const isTest = await isDevelopmentStore(admin.graphql);
  const checked = await billing.check({ plans: PAID_PLAN_NAMES as never, isTest });
  await recordCheck(session.shop, checked.appSubscriptions);
  const state = await planLimits(session.shop);
  const chargeId = url.searchParams.get("charge_id");
  const returned: "approved" | "declined" | null = chargeId ? (checked.appSubscriptions.some((s) => s.id.endsWith(`/${chargeId}`)) ? "approved" : "declined") : null;
  return {
    current: state.plan.id,
    status: state.status,
    frozen: state.frozen,
    trialEndsAt: state.trialEndsAt?.toISOString() ?? null,
    test: isTest,
    need: url.searchParams.get("need"),
    returned,
  };
};

const Choose = z.object({ intent: z.literal("choose"), plan: z.enum(["free", "growth", "plus"]) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, billing, admin } = await authenticate.admin(request);
  const parsed = Choose.safeParse(Object.fromEntries((await readForm(request)).entries()));
  if (!parsed.success) return { ok: false as const, error: "Unknown plan" };
  const target = planById(parsed.data.plan);
  const isTest = await isDevelopmentStore(admin.graphql);
  if (target.price > 0) {
    // Throws: the merchant approves on Shopify's page and comes back to this page.
    await billing.request({ plan: target.name as never, isTest, returnUrl: plansReturnUrl(session.shop) });
  }
  const { appSubscriptions } = await billing.check({ plans: PAID_PLAN_NAMES as never, isTest });
  for (const s of appSubscriptions) await billing.cancel({ subscriptionId: s.id, isTest, prorate: true });
  await recordCheck(session.shop, []);
  return { ok: true as const, message: appSubscriptions.length ? "Subscription cancelled: you are on Free (your data stays)" : "You are on Free" };
};

export default function Plans() {
  return <PlansPage data={useLoaderData<typeof loader>()} result={useActionData<typeof action>()} />;
}
