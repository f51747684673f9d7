// The sync benchmarks' side of bench/_standin-child.ts: starts the stand-in in its own process,
// receives its inventory webhooks on a local server (each handed to `onHook`, acknowledged with
// 200 once it resolves, 503 if it throws) and calls its control endpoints.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { randomUUID } from "node:crypto";
import type { acceptDelivery } from "../app/webhooks/intake.server";

export interface StandinHook {
  shop: string;
  eventId: string;
  triggeredAt: string;
  payload: unknown;
  /** not one of the app's own writes (an order, a merchant's edit) */
  external: boolean;
}

export async function startStandin(onHook: (hook: StandinHook) => Promise<void>) {
  let hookErrors = 0;
  const receiver = createServer(async (req, res) => {
    let s = "";
    for await (const c of req) s += c;
    try {
      await onHook(JSON.parse(s) as StandinHook);
      res.writeHead(200).end();
    } catch (error) {
      hookErrors++;
      console.error("webhook intake failed:", error);
      res.writeHead(503).end();
    }
  });
  receiver.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
  const child = spawn(process.execPath, ["--import", "tsx", "bench/_standin-child.ts", hookUrl], { stdio: ["ignore", "pipe", "inherit"] });
  process.on("exit", () => child.kill("SIGKILL"));
  const { origin } = await new Promise<{ origin: string }>((resolve) => createInterface({ input: child.stdout! }).once("line", (l) => resolve(JSON.parse(l))));
  /** Control calls; a read (GET) that loses its kept-alive socket under load is simply asked again. */
  const ctl = async <T = unknown>(path: string, body?: unknown): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await (await fetch(`${origin}${path}`, body ? { method: "POST", body: JSON.stringify(body) } : {})).json()) as T;
      } catch (error) {
        if (body !== undefined || attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  };
  return {
    origin,
    ctl,
    hookErrors: () => hookErrors,
    close() {
      child.kill();
      receiver.close();
    },
  };
}

/** The delivery the app's intake takes for a stand-in webhook (as app/routes/webhooks.tsx hands it over after the HMAC check). */
export function deliveryOf(w: StandinHook): Parameters<typeof acceptDelivery>[0] {
  return { shop: w.shop, topic: "inventory_levels/update", eventId: w.eventId, webhookId: randomUUID(), apiVersion: "2026-10", triggeredAt: new Date(w.triggeredAt), headers: {}, rawBody: JSON.stringify(w.payload) };
}

/** The offline session the app holds after install, in its session storage (worker processes load it through the library). */
export async function storeOfflineSession(domain: string, token: string) {
  const { sessionStorage } = await import("../app/shopify.server");
  const { Session } = await import("@shopify/shopify-api");
  await sessionStorage.storeSession(new Session({ id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken: token, scope: "read_products,read_inventory,write_inventory,read_locations" }));
}

/**
 * Nothing left to do: no webhook in flight from the stand-in, none unprocessed, no job queued or
 * running (timers waiting for their time, sync.tick, are not work in flight; a retry is).
 */
export async function appQuiet(ctl: (path: string) => Promise<unknown>): Promise<boolean> {
  const { default: prisma } = await import("../app/db.server");
  await ctl("/control/idle");
  const busy = await prisma.job.count({ where: { status: { in: ["queued", "running"] }, NOT: { name: "sync.tick", status: "queued", runAt: { gt: new Date() } } } });
  const inbox = await prisma.webhookInbox.count({ where: { status: "received" } });
  return busy === 0 && inbox === 0;
}
