// POST only: after a reinstall, the merchant rejoins (or not) the sync group the store left on uninstall.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { dismissRejoin, rejoinGroup } from "../billing/lifecycle.server";
import { runAction } from "../sync/route-helpers.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

const Intent = z.object({ intent: z.enum(["rejoin", "dismiss"]), groupId: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = Intent.safeParse(Object.fromEntries((await readForm(request)).entries()));
  if (!parsed.success) return { ok: false as const, error: "Unknown action" };
  const { intent, groupId } = parsed.data;
  return runAction(async () => {
    if (intent === "dismiss") {
      await dismissRejoin(session.shop, groupId);
      return { message: "The store stays out of that group" };
    }
    const { group } = await rejoinGroup(session.shop, groupId);
    return { message: `Rejoined ${group.name}` };
  });
};
