// The stock endpoint's loader (app/routes/proxy.stock.tsx), parameterized by the app's
// `authenticate` so the benchmark can compare configurations of the library.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStock } from "./stock.server";

// Browsers revalidate every poll (the widget sends If-None-Match); shared caches must not
// keep per-shop answers: the app proxy URL is the same path for every shop.
const CACHE_CONTROL = "private, no-cache";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": CACHE_CONTROL },
  });

function num(v: string | null): number | null {
  if (v === null || v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

type AppProxyAuth = { public: { appProxy: (request: Request) => Promise<unknown> } };

/** Answers a Response (e.g. 429) to refuse a verified request, or null to serve it. */
export type ProxyGuard = (shop: string, request: Request) => Promise<Response | null>;

/** The loader, for a given `authenticate` (the app's own; the benchmark compares configurations). */
export function stockLoader(auth: AppProxyAuth, guard?: ProxyGuard) {
  return async function loader({ request }: LoaderFunctionArgs) {
    await auth.public.appProxy(request);
    const url = new URL(request.url);
    const shop = url.searchParams.get("shop");
    const variant = url.searchParams.get("variant") ?? "";
    if (!shop) return json(400, { error: "missing_shop" });
    const refused = guard && (await guard(shop, request));
    if (refused) return refused;
    if (!/^(\d{1,20}|gid:\/\/shopify\/ProductVariant\/\d{1,20})$/.test(variant)) return json(400, { error: "bad_variant" });

    const answer = await getStock({
      shop,
      variant,
      threshold: num(url.searchParams.get("threshold")),
      wantCount: url.searchParams.get("count") !== "0",
      limit: num(url.searchParams.get("limit")) ?? 0,
      locale: url.searchParams.get("locale"),
    });
    if (!answer) return json(404, { error: "unknown_variant" });

    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": CACHE_CONTROL,
      ETag: answer.etag,
      Vary: "Accept-Encoding",
    };
    const inm = request.headers.get("If-None-Match");
    if (inm && inm.split(",").some((t) => t.trim() === answer.etag || t.trim() === "*")) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(answer.body, { status: 200, headers });
  };
}

