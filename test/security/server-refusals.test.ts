// server/refusals.mjs: which requests the web server answers before Remix, and the Allow it
// sends, over a route manifest shaped like the build's (root, a layout with an index route that
// has an action, a page, a resource route with a loader only and one with an action only). The
// production build end to end: test/fuzz/routes.fuzz.test.ts.
import { describe, expect, it } from "vitest";
import { createRefusals } from "../../server/refusals.mjs";

const fn = () => null;
const build = {
  routes: {
    root: { id: "root", path: "", module: { default: fn, ErrorBoundary: fn } },
    "routes/app": { id: "routes/app", parentId: "root", path: "app", module: { default: fn, loader: fn } },
    "routes/app._index": { id: "routes/app._index", parentId: "routes/app", index: true, module: { default: fn, loader: fn, action: fn } },
    "routes/app.sync": { id: "routes/app.sync", parentId: "routes/app", path: "sync", module: { default: fn, loader: fn, action: fn } },
    "routes/webhooks": { id: "routes/webhooks", parentId: "root", path: "webhooks", module: { action: fn } },
    "routes/metrics": { id: "routes/metrics", parentId: "root", path: "metrics", module: { loader: fn } },
  },
};
const refusal = createRefusals(build);
const HOST = { host: "app.example" };

describe("server refusals", () => {
  it("answers a method Remix does not serve 405, with what the route serves", () => {
    expect(refusal("TRACE", "/app/sync", HOST)).toEqual({ refuse: { status: 405, message: "Method Not Allowed" }, allow: "GET, HEAD, POST, PUT, PATCH, DELETE" });
    expect(refusal("PROPFIND", "/webhooks", HOST).allow).toBe("POST, PUT, PATCH, DELETE");
    expect(refusal("TRACE", "/metrics", HOST).allow).toBe("GET, HEAD, OPTIONS");
    expect(refusal("TRACE", "/nowhere", HOST)).toEqual({ refuse: { status: 405, message: "Method Not Allowed" }, allow: "GET, HEAD" });
  });

  it("answers a resource route's missing handler 405, and lets the others through", () => {
    expect(refusal("GET", "/webhooks", HOST)).toEqual({ refuse: { status: 405, message: "Method Not Allowed" }, allow: "POST, PUT, PATCH, DELETE" });
    expect(refusal("POST", "/metrics", HOST).refuse?.status).toBe(405);
    expect(refusal("POST", "/webhooks", { ...HOST, origin: "https://elsewhere.example" })).toEqual({ refuse: null, allow: null });
    expect(refusal("OPTIONS", "/metrics", HOST)).toEqual({ refuse: null, allow: null });
  });

  it("posts to a layout go to its action, to its index route only with a naked ?index (Remix's target)", () => {
    // /app has no action of its own: Remix answers 405; the server adds Allow.
    expect(refusal("POST", "/app", HOST)).toEqual({ refuse: null, allow: "GET, HEAD" });
    expect(refusal("POST", "/app?index", HOST)).toEqual({ refuse: null, allow: null });
    expect(refusal("POST", "/app?index=1", HOST).allow).toBe("GET, HEAD");
  });

  it("makes Remix's CSRF check for pages and data requests: 403 for another origin, 400 for one that is not a URL", () => {
    const from = (origin: string, extra: Record<string, string> = {}) => ({ ...HOST, origin, ...extra });
    expect(refusal("POST", "/app/sync", from("https://evil.example")).refuse?.status).toBe(403);
    expect(refusal("DELETE", "/app/sync", from("not a url")).refuse?.status).toBe(400);
    expect(refusal("POST", "/app/sync.data", from("https://evil.example")).refuse?.status).toBe(403);
    expect(refusal("POST", "/_root.data", from("https://evil.example")).refuse?.status).toBe(403);
    // No route: Remix renders its 404 page, after the same check.
    expect(refusal("PUT", "/nowhere", from("https://evil.example")).refuse?.status).toBe(403);
    // The host's own origin, X-Forwarded-Host first, an opaque origin, none at all: through.
    expect(refusal("POST", "/app/sync", from("https://app.example")).refuse).toBeNull();
    expect(refusal("POST", "/app/sync", from("https://public.example", { "x-forwarded-host": "public.example, internal" })).refuse).toBeNull();
    expect(refusal("POST", "/app/sync", from("null")).refuse).toBeNull();
    expect(refusal("POST", "/app/sync", HOST).refuse).toBeNull();
    // GET is not checked, nor are ?_data requests (Remix checks neither).
    expect(refusal("GET", "/app/sync", from("https://evil.example")).refuse).toBeNull();
    expect(refusal("POST", "/app/sync?_data=routes%2Fapp.sync", from("https://evil.example")).refuse).toBeNull();
  });

  it("answers a request target that is not a URL 400", () => {
    expect(refusal("GET", ":99999", HOST).refuse?.status).toBe(400);
    expect(refusal("GET", "[", HOST).refuse?.status).toBe(400);
  });
});
