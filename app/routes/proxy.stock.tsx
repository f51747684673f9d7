// GET /proxy/stock — Shopify forwards the storefront's /apps/stockroom/stock?variant=… here
// (shopify.app.toml [app_proxy]) with `shop`, `path_prefix`, `timestamp`,
// `logged_in_customer_id` and `signature`. The library verifies the signature (400 when it is
// missing, forged or stale); the shop then comes only from the signed query, so a shop can
// never read another shop's data. Answers come from the read model (app/storefront), with an
// ETag (304 when unchanged) and no Admin API call. Rate limit `proxy` per shop × shopper
// address (the app proxy forwards it in X-Forwarded-For): 429 with Retry-After.
import { refuseOverLimit } from "../security/limiters.server";
import { clientAddress } from "../security/rate-limit.server";
import { authenticate } from "../shopify.server";
import { stockLoader } from "../storefront/stock-route.server";

export const loader = stockLoader(authenticate, (shop, request) => refuseOverLimit("proxy", `${shop}|${clientAddress(request)}`));
