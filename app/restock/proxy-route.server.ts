// POST /proxy/restock (the storefront's /apps/stockroom/restock): the widget's sign-up form.
// Order of checks: the app proxy signature (the library: 400 when missing, forged or stale), the
// named "signup" limiter per shop × client address (429, counted before any validation), the
// body (size, then zod: 422 with an error code). Nothing is stored unless all pass.
import type { ActionFunctionArgs } from "@remix-run/node";
import { clientAddress, tooManyRequests } from "../security/rate-limit.server";
import { limit } from "../security/limiters.server";
import { signUp } from "./subscribe.server";

const MAX_BODY = 4096;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });

type AppProxyAuth = { public: { appProxy: (request: Request) => Promise<unknown> } };

async function readBody(request: Request): Promise<Record<string, string> | null> {
  const text = await request.text();
  if (text.length > MAX_BODY) return null;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      const v = JSON.parse(text) as unknown;
      if (!v || typeof v !== "object" || Array.isArray(v)) return null;
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, typeof x === "string" ? x : typeof x === "boolean" ? (x ? "true" : "") : String(x ?? "")]));
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export function restockSignupAction(auth: AppProxyAuth) {
  return async function action({ request }: ActionFunctionArgs) {
    if (request.method !== "POST") return json(405, { error: "method_not_allowed" });
    await auth.public.appProxy(request);
    const shop = new URL(request.url).searchParams.get("shop");
    if (!shop) return json(400, { error: "missing_shop" });
    const verdict = await limit("signup", `${shop}|${clientAddress(request)}`);
    if (!verdict.ok) return tooManyRequests(verdict);
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > MAX_BODY) return json(413, { error: "too_large" });
    const body = await readBody(request);
    if (!body) return json(400, { error: "bad_body" });
    const result = await signUp(shop, body);
    return json(result.status, result.body);
  };
}
