import prisma from "../db.server";
import { log } from "../log.server";
import { dbQueue } from "../queue/index.server";
import { registerJob } from "../queue/registry.server";
import { PermanentJobError } from "../queue/types";
import { topicHandlers } from "./handlers.server";
import { PROCESS_WEBHOOK_JOB } from "./intake.server";

/** Processes one inbox row: parses it and runs every handler of its topic. */
export async function processInboxRow(inboxId: string, { finalAttempt = false } = {}): Promise<void> {
  const inbox = await prisma.webhookInbox.findUnique({ where: { id: inboxId } });
  if (!inbox) throw new PermanentJobError(`inbox row ${inboxId} not found`);
  if (inbox.status === "processed") return;
  let payload: unknown;
  try {
    payload = JSON.parse(inbox.payload);
  } catch (error) {
    await prisma.webhookInbox.update({ where: { id: inboxId }, data: { status: "malformed", error: String(error) } });
    log("error", "malformed webhook payload kept for replay", { inboxId, topic: inbox.topic, shop: inbox.shop });
    return;
  }
  try {
    const occurredAt = inbox.triggeredAt ?? inbox.receivedAt;
    for (const handler of topicHandlers(inbox.topic)) {
      await handler({ shop: inbox.shop, topic: inbox.topic, payload, inbox, occurredAt });
    }
    await prisma.webhookInbox.update({
      where: { id: inboxId },
      data: { status: "processed", processedAt: new Date(), error: null },
    });
  } catch (error) {
    await prisma.webhookInbox.update({
      where: { id: inboxId },
      data: { status: finalAttempt ? "failed" : "received", error: String(error).slice(0, 4_000) },
    });
    throw error;
  }
}

/** Puts a malformed or failed delivery back in the queue (after a fix, or by an operator). */
export async function replayInboxRow(inboxId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const row = await tx.webhookInbox.update({ where: { id: inboxId }, data: { status: "received", error: null } });
    await dbQueue.enqueue({ name: PROCESS_WEBHOOK_JOB, payload: { inboxId }, shop: row.shop }, tx);
  });
  dbQueue.notify();
}

registerJob<{ inboxId: string }>(PROCESS_WEBHOOK_JOB, async ({ inboxId }, ctx) => {
  await processInboxRow(inboxId, { finalAttempt: ctx.attempt >= ctx.maxAttempts });
});
