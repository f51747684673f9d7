// The Overview's Replay / Discard form posts, validated with zod (app/routes/app._index.tsx).
import { z } from "zod";
import { deadLetters, discardDelivery, discardJob, replayDelivery, replayJob } from "./dead-letters.server";

export { deadLetters };

const reason = z.string().trim().min(1, "Say why it is discarded").max(500);

export const DeadLetterIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay"), kind: z.enum(["delivery", "job"]), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("discard"), kind: z.enum(["delivery", "job"]), id: z.string().min(1).max(64), reason }),
]);

export type DeadLetterCommand = z.infer<typeof DeadLetterIntent>;

export async function deadLetterAction(shop: string, cmd: DeadLetterCommand): Promise<{ ok: boolean; error?: string }> {
  let done: boolean;
  if (cmd.kind === "job") {
    const id = Number(cmd.id);
    if (!Number.isSafeInteger(id)) return { ok: false, error: "Unknown job" };
    done = cmd.intent === "replay" ? await replayJob(shop, id) : await discardJob(shop, id, cmd.reason);
  } else {
    done = cmd.intent === "replay" ? await replayDelivery(shop, cmd.id) : await discardDelivery(shop, cmd.id, cmd.reason);
  }
  return done ? { ok: true } : { ok: false, error: "It was already handled, or is not this store's" };
}
