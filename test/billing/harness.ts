/**
 * The real app (its route modules, webhook intake, queue and worker) served over HTTP in this
 * process, and the Shopify stand-in it talks to: installs go through real token exchange, the
 * Billing API and webhooks through the stand-in. App modules are imported only after the env
 * points at the stand-in (call `startBillingHarness` before importing anything from app/).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startStandin, type Standin } from "../../dev/server.ts";
import { mintAdminSessionToken } from "../../dev/oauth/session-token.ts";
import type { Store } from "../../dev/store/index.ts";

export const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

type RouteModule = { loader?: (a: never) => unknown; action?: (a: never) => unknown };

export interface BillingHarness {
  standin: Standin;
  appUrl: string;
  /** every Admin GraphQL document the app's library sent (token exchange excluded) */
  graphql: { shop: string; query: string }[];
  /** call a route's loader/action as Remix does; a thrown Response is returned */
  call(mod: RouteModule, kind: "loader" | "action", shop: string, path: string, form?: Record<string, string>): Promise<unknown>;
  /** deliver pending webhooks and run every job until nothing is left */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

async function runRoute(mod: RouteModule, kind: "loader" | "action", request: Request): Promise<unknown> {
  const fn = mod[kind];
  if (!fn) throw new Error(`route has no ${kind}`);
  try {
    return await fn({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function startBillingHarness(seed: (s: Store) => void): Promise<BillingHarness> {
  const apiKey = process.env.SHOPIFY_API_KEY!;
  const apiSecret = process.env.SHOPIFY_API_SECRET!;
  let webhooks: RouteModule | null = null;
  let layout: RouteModule | null = null;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`${appUrl}${req.url}`, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
    const path = new URL(request.url).pathname;
    try {
      const mod = path === "/webhooks" ? webhooks : path === "/app" ? layout : null;
      if (!mod) return void res.writeHead(404).end();
      const out = await runRoute(mod, path === "/webhooks" ? "action" : "loader", request);
      if (out instanceof Response) {
        const h: Record<string, string> = {};
        out.headers.forEach((v, k) => (h[k] = v));
        res.writeHead(out.status, h).end(await out.text());
      } else res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(out ?? null));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standin = await startStandin({ appUrl, apiKey, apiSecret, seed, webhooks: { retryScheduleMs: [20, 40, 80, 160, 320, 640, 1280, 2560], timeoutMs: 5000 } });
  process.env.SHOPIFY_APP_URL = appUrl;
  process.env.SHOPIFY_STANDIN_URL = standin.url;

  const graphql: BillingHarness["graphql"] = [];
  const runtime = await import("@shopify/shopify-api/runtime");
  await import("../../app/shopify.server");
  const { seamFetch } = await import("../../app/standin-seam.server");
  const seam = seamFetch(globalThis.fetch);
  // Record what the library sends, then let it through the app's own seam.
  runtime.setAbstractFetchFunc(((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    if (url.includes("/graphql.json") && typeof init?.body === "string") {
      const body = JSON.parse(init.body) as { query: string };
      graphql.push({ shop: new URL(url).hostname, query: body.query });
    }
    return seam(input, init);
  }) as typeof fetch);
  webhooks = await import("../../app/routes/webhooks");
  layout = await import("../../app/routes/app");
  await import("../../app/jobs.server");
  const { default: prisma } = await import("../../app/db.server");
  const { dbQueue } = await import("../../app/queue/index.server");
  const { Worker } = await import("../../app/queue/worker.server");

  return {
    standin,
    appUrl,
    graphql,
    async call(mod, kind, shop, path, form) {
      const dom = shop.includes(".") ? shop : `${shop}.myshopify.com`;
      const token = await mintAdminSessionToken({ apiKey, apiSecret, shop: dom, userId: 70_000_001 });
      const request = new Request(`${appUrl}${path}`, {
        method: form ? "POST" : "GET",
        headers: { Authorization: `Bearer ${token}`, "User-Agent": UA, ...(form ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      return runRoute(mod, kind, request);
    },
    async settle() {
      for (let i = 0; i < 20; i++) {
        await standin.control.waitForDeliveries({});
        const ran = await new Worker(prisma, dbQueue).drain({ timeoutMs: 60_000 });
        const pending = await prisma.job.count({ where: { status: { in: ["queued", "running"] }, runAt: { lte: new Date() } } });
        if (ran === 0 && pending === 0 && standin.platform.dispatcher.log.every((d) => d.state !== "pending")) return;
      }
    },
    async stop() {
      await standin.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
