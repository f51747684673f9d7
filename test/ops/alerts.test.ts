// Alerts end to end through the real jobs: a real SMTP server in this process and local HTTP
// receivers standing in for Slack-compatible incoming webhooks.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtp, type TestSmtp } from "../support/smtp";

let smtp: TestSmtp;
let good: Receiver;
let bad: Receiver;

interface Receiver {
  url: string;
  bodies: { text: string }[];
  hits: number;
  failing: boolean;
  server: Server;
}

async function receiver(failing: boolean): Promise<Receiver> {
  const r: Receiver = { url: "", bodies: [], hits: 0, failing, server: createServer() };
  r.server.on("request", (req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      r.hits++;
      if (r.failing) {
        res.writeHead(500).end("no_service");
        return;
      }
      r.bodies.push(JSON.parse(data));
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
  return r;
}

// Set before the app's mailer and outbound policy are first used (operator configuration).
beforeAll(async () => {
  smtp = await startTestSmtp();
  good = await receiver(false);
  bad = await receiver(true);
  process.env.SMTP_URL = smtp.url;
  process.env.OUTBOUND_ALLOW_ORIGINS = [good.url, bad.url].map((u) => new URL(u).origin).join(",");
});
afterAll(async () => {
  await smtp.close();
  good.server.close();
  bad.server.close();
});

const SHOP = "alerts-north.myshopify.com";
const MIN = 60_000;

async function app() {
  const { default: prisma } = await import("../../app/db.server");
  await import("../../app/jobs.server");
  const alerts = await import("../../app/alerts/index.server");
  const { openException, markResolved } = await import("../../app/sync/exceptions.server");
  const { Worker } = await import("../../app/queue/worker.server");
  const { dbQueue } = await import("../../app/queue/index.server");
  const { countFact, flushCounters } = await import("../../app/kpi/counters.server");
  const worker = new Worker(prisma, dbQueue);
  return { prisma, alerts, openException, markResolved, drain: () => worker.drain({ timeoutMs: 60_000 }), countFact, flushCounters };
}

describe("alerts", () => {
  it("one alert per trouble, a reminder at most hourly, a resolved message; a failing channel is retried, then shown failing", async () => {
    const { prisma, alerts, openException, markResolved, drain } = await app();
    await alerts.addChannel(SHOP, "email", "ops@north.test");
    const slack = await alerts.addChannel(SHOP, "slack", good.url);
    const broken = await alerts.addChannel(SHOP, "slack", bad.url);
    await alerts.addRule(SHOP, "exception_opened", { class: "drift" });
    await expect(alerts.addRule(SHOP, "exception_opened", { class: "nonsense" })).rejects.toThrow(/class/);
    await expect(alerts.addChannel(SHOP, "slack", "http://hooks.example.com/x")).rejects.toThrow(/https/);

    const { exception } = await openException({ class: "drift", shop: SHOP, sku: "SKU-1", subject: "SKU-1", title: "north shows 3 for SKU-1, the engine expected 5" });
    await openException({ class: "oversell", shop: SHOP, sku: "SKU-2", subject: "SKU-2", title: "not a drift" });
    const t0 = Date.now();
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + MIN) })).toEqual({ opened: 1, repeated: 0, resolved: 0 });
    await drain();
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(["ops@north.test"]);
    expect(mail.parsed.subject).toBe("[Stockroom] drift: north shows 3 for SKU-1, the engine expected 5");
    expect(mail.parsed.text).toContain(`/apps/${process.env.SHOPIFY_API_KEY}/exceptions?id=${exception.id}`);
    expect(good.bodies).toHaveLength(1);
    expect(good.bodies[0].text).toContain("north shows 3 for SKU-1");
    // The broken receiver was tried three times, then the channel is shown failing.
    expect(bad.hits).toBe(3);
    const failing = await prisma.alertChannel.findUniqueOrThrow({ where: { id: broken.id } });
    expect(failing).toMatchObject({ status: "failing", lastError: "HTTP 500: no_service" });
    expect((await prisma.alertChannel.findUniqueOrThrow({ where: { id: slack.id } })).status).toBe("ok");
    const history = (await alerts.alertSettings(SHOP)).history;
    expect(history.map((h) => [h.kind, h.status, h.attempts]).sort()).toEqual([["opened", "failed", 3], ["opened", "sent", 1], ["opened", "sent", 1]]);

    // Still there a minute later: no new message (dedupe). After an hour: one reminder.
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 2 * MIN) })).toEqual({ opened: 0, repeated: 0, resolved: 0 });
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 30 * MIN) })).toEqual({ opened: 0, repeated: 0, resolved: 0 });
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 62 * MIN) })).toEqual({ opened: 0, repeated: 1, resolved: 0 });
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 90 * MIN) })).toEqual({ opened: 0, repeated: 0, resolved: 0 });
    bad.failing = false;
    await drain();
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1].parsed.subject).toBe("[Stockroom] Still open: drift: north shows 3 for SKU-1, the engine expected 5");
    // The broken channel recovered with the reminder.
    expect((await prisma.alertChannel.findUniqueOrThrow({ where: { id: broken.id } })).status).toBe("ok");

    // Resolved: one message, then silence.
    await markResolved(exception.id, { resolution: "accept_store", note: "counted the shelf", by: "Sam" });
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 95 * MIN) })).toEqual({ opened: 0, repeated: 0, resolved: 1 });
    expect(await alerts.evaluateShopAlerts(SHOP, { now: new Date(t0 + 200 * MIN) })).toEqual({ opened: 0, repeated: 0, resolved: 0 });
    await drain();
    expect(smtp.messages).toHaveLength(3);
    expect(smtp.messages[2].parsed.subject).toBe("[Stockroom] Resolved: drift: north shows 3 for SKU-1, the engine expected 5");
    expect(good.bodies.at(-1)!.text).toContain("Resolved:");
    expect(good.bodies).toHaveLength(3);

    // Send test alert: every channel once.
    expect(await alerts.sendTestAlert(SHOP)).toBe(3);
    await drain();
    expect(smtp.messages.at(-1)!.parsed.subject).toBe("[Stockroom] Test alert from Stockroom");
    expect(good.bodies.at(-1)!.text).toContain("Test alert from Stockroom");
  }, 60_000);

  it("SLA overdue escalates; Admin API success below the rate over 15 minutes; webhook backlog", async () => {
    const { prisma, alerts, openException, countFact, flushCounters } = await app();
    const shop = "alerts-south.myshopify.com";
    await alerts.addRule(shop, "sla_overdue", {});
    await alerts.addRule(shop, "api_success_below", { percent: 99, minRequests: 10 });
    await alerts.addRule(shop, "webhook_backlog", { minutes: 5 });
    await prisma.ownerRule.create({ data: { shop, class: "write_failed", owner: "Sam <sam@south.test>", slaHours: 2 } });
    const { exception } = await openException({ class: "write_failed", shop, sku: "SKU-9", subject: "SKU-9", title: "Writing SKU-9 failed after retries" });
    expect(exception.owner).toBe("Sam <sam@south.test>");
    const now = Date.now();
    expect((await alerts.evaluateShopAlerts(shop, { now: new Date(now + 60 * MIN) })).opened).toBe(0);
    const at = new Date(now + 2 * 60 * MIN + MIN);
    expect((await alerts.evaluateShopAlerts(shop, { now: at })).opened).toBe(1);
    const incident = await prisma.alertIncident.findFirstOrThrow({ where: { shop, trigger: "sla_overdue" } });
    expect(incident.title).toBe("SLA overdue: Writing SKU-9 failed after retries");
    expect(incident.detail).toContain("owned by Sam <sam@south.test>");

    // 12 of 15 Admin API requests failed in the last 15 minutes.
    for (let i = 0; i < 15; i++) countFact(shop, "admin_calls", { num: i < 3 ? 1 : 0, den: 1 }, new Date(at.getTime() - 5 * MIN));
    await flushCounters();
    await prisma.webhookInbox.create({ data: { shop, topic: "orders/create", eventId: "e1", webhookId: "w1", apiVersion: "2026-10", headers: "{}", payload: "{}", receivedAt: new Date(at.getTime() - 10 * MIN) } });
    const r = await alerts.evaluateShopAlerts(shop, { now: new Date(at.getTime() + 1) });
    expect(r.opened).toBe(2);
    const titles = (await prisma.alertIncident.findMany({ where: { shop, status: "open" }, orderBy: { trigger: "asc" } })).map((i) => i.title);
    expect(titles).toEqual(["Admin API success 20.0 % over 15 minutes (below 99 %)", "SLA overdue: Writing SKU-9 failed after retries", "Webhook backlog: oldest delivery waiting 10 min"]);
    // Processed: the backlog clears.
    await prisma.webhookInbox.updateMany({ where: { shop }, data: { status: "processed" } });
    expect(await alerts.evaluateShopAlerts(shop, { now: new Date(at.getTime() + 2) })).toEqual({ opened: 0, repeated: 0, resolved: 1 });
  }, 60_000);
});
