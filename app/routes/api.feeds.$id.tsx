// POST /api/feeds/{id}: signed feed push (see docs/channels.md for the signature recipe).
import type { ActionFunctionArgs } from "@remix-run/node";
import { productionFeedDeps } from "../feeds/index.server";
import { handleFeedPush } from "../feeds/push.server";

export const action = ({ request, params }: ActionFunctionArgs) => handleFeedPush(productionFeedDeps, params.id ?? "", request);

export const loader = () => new Response(JSON.stringify({ error: "method_not_allowed" }), { status: 405, headers: { Allow: "POST", "Content-Type": "application/json" } });
