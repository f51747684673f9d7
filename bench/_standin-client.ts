// The sync benchmarks' side of bench/_standin-child.ts: starts the stand-in in its own process,
// receives its inventory webhooks on a local server (each handed to `onHook`, acknowledged with
// 200 once it resolves, 503 if it throws) and calls its control endpoints.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";

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
