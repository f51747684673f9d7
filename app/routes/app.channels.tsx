// Admin: outbound channels — endpoints (ERP, middleware, marketplace connectors), their signed
// deliveries with status, latency and the response's first bytes, replay, resume.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { featureRefusal } from "../billing/feature-gate.server";
import { ensureChannelSchedules, productionChannelDeps } from "../channels/index.server";
import { channelsAction, channelsPageData } from "../channels/page.server";
import { ChannelsPage } from "../components/ChannelsPage";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Channels · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  void ensureChannelSchedules();
  const data = await channelsPageData(session.shop, new URL(request.url).searchParams.get("endpoint"));
  return { ...data, planLimit: await featureRefusal(session.shop, "channels") };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  // Registering an endpoint needs a plan with channels (Plus): refused with the upgrade path.
  if (form.get("intent") === "create") {
    const refused = await featureRefusal(session.shop, "channels");
    if (refused) return refused;
  }
  const result = await channelsAction(productionChannelDeps, session.shop, form);
  if (result.ok && result.redirect) {
    const target = new URL(result.redirect, "http://x");
    for (const [k, v] of new URL(request.url).searchParams) if (!target.searchParams.has(k) && k !== "endpoint") target.searchParams.set(k, v);
    return redirect(`${target.pathname}${target.search}`);
  }
  return result;
};

export default function Channels() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <ChannelsPage data={data} result={result} />;
}
