// POST /proxy/restock — the widget's "Email me when it's back" form, forwarded by Shopify's app
// proxy from /apps/stockroom/restock (signature verified by the library; see
// app/restock/proxy-route.server.ts for the order of checks).
import { authenticate } from "../shopify.server";
import { restockSignupAction } from "../restock/proxy-route.server";

export const action = restockSignupAction(authenticate);

export const loader = () => new Response(JSON.stringify({ error: "method_not_allowed" }), { status: 405, headers: { "Content-Type": "application/json", Allow: "POST" } });
