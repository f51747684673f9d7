// With SENTRY_DSN set, a reported error reaches Sentry's envelope endpoint (a local receiver
// here); without it nothing is loaded or sent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";

describe("Sentry", () => {
  it("reports errors only when SENTRY_DSN is set", async () => {
    const { reportError, startSentry, stopSentry } = await import("../../app/observability/sentry.server");
    expect(await startSentry({})).toBe(false);
    reportError(new Error("nowhere to go"));

    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (req.url?.startsWith("/api/1/envelope/")) bodies.push(body);
        res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const dsn = `http://publickey@127.0.0.1:${(server.address() as AddressInfo).port}/1`;
    expect(await startSentry({ SENTRY_DSN: dsn, NODE_ENV: "test" })).toBe(true);
    reportError(new Error("stock write exploded"), { job: "sync.item" });
    await stopSentry();
    server.close();
    const events = bodies.flatMap((b) => b.split("\n").filter((l) => l.includes('"exception"')));
    expect(events).toHaveLength(1);
    expect(events[0]).toContain("stock write exploded");
    expect(events[0]).toContain('"job":"sync.item"');
  });
});
