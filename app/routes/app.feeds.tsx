// Admin: supplier and warehouse feeds — add (upload, URL, push), mapping preview, dry run,
// circuit breaker approval, progress of a run, thresholds and freshness.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { featureRefusal } from "../billing/feature-gate.server";
import { FeedsPage } from "../components/FeedsPage";
import { ensureFeedSchedules, productionFeedDeps } from "../feeds/index.server";
import { feedsAction, feedsPageData } from "../feeds/page.server";
import { staffMember } from "../owners/staff.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Feeds · Stockroom" }];

const LOCATIONS = `#graphql
  query FeedLocations {
    locations(first: 50) { nodes { id name } }
  }
`;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  void ensureFeedSchedules();
  const url = new URL(request.url);
  let locations: { id: string; name: string }[] = [];
  try {
    const body = (await (await admin.graphql(LOCATIONS)).json()) as { data?: { locations: { nodes: { id: string; name: string }[] } } };
    locations = body.data?.locations.nodes ?? [];
  } catch {
    locations = [];
  }
  const data = await feedsPageData(session.shop, { feedId: url.searchParams.get("feed"), runId: url.searchParams.get("run") }, process.env.SHOPIFY_APP_URL ?? "");
  return { ...data, locations, planLimit: await featureRefusal(session.shop, "feeds") };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = await readForm(request);
  // Adding a feed needs a plan with feeds (Growth): refused with the upgrade path, nothing created.
  if (form.get("intent") === "create") {
    const refused = await featureRefusal(session.shop, "feeds");
    if (refused) return refused;
  }
  const result = await feedsAction(productionFeedDeps, session.shop, staffMember(session), form);
  if (result.ok && result.redirect) {
    const search = new URL(request.url).searchParams;
    const target = new URL(result.redirect, "http://x");
    for (const [k, v] of search) if (!target.searchParams.has(k) && k !== "feed" && k !== "run") target.searchParams.set(k, v);
    return redirect(`${target.pathname}${target.search}`);
  }
  return result;
};

export default function Feeds() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return <FeedsPage data={data} result={result} />;
}
