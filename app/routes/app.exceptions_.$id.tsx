// Admin page: one exception (app/components/exceptions/ExceptionDetailPage.tsx). Assign an
// owner or act on it; the intent is parsed with zod and the staff member is recorded.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ExceptionDetailPage } from "../components/exceptions/ExceptionDetailPage";
import type { ActionResult } from "../components/exceptions/types";
import { locationKey, locationLabels, productLabels } from "../exceptions/labels.server";
import { ExceptionIntent } from "../exceptions/query";
import { staffMember } from "../owners/staff.server";
import { authenticate } from "../shopify.server";
import { actOnException, exceptionTrail } from "../sync/admin.server";
import { isOverdue } from "../sync/exceptions.server";
import { productionSyncDeps } from "../sync/production.server";
import { orNotFound, runAction } from "../sync/route-helpers.server";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Exception · Stockroom" }];

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { exception: ex, trail, events } = await orNotFound(() => exceptionTrail(session.shop, params.id ?? ""));
  const [products, locations] = await Promise.all([productLabels(session.shop, [ex.sku]), locationLabels([ex])]);
  return {
    exception: {
      id: ex.id,
      title: ex.title,
      class: ex.class,
      status: ex.status,
      overdue: isOverdue(ex, new Date()),
      sku: ex.sku,
      product: ex.sku ? (products[ex.sku] ?? null) : null,
      location: ex.locationId ? (locations[locationKey(ex.groupId, ex.locationId)] ?? ex.locationId) : null,
      amount: ex.amount,
      owner: ex.owner,
      slaDueAt: ex.slaDueAt.toISOString(),
      createdAt: ex.createdAt.toISOString(),
      sourceEventId: ex.sourceEventId,
      payloadSnapshot: ex.payloadSnapshot,
      resolution: ex.resolution,
      resolutionNote: ex.resolutionNote,
      resolvedBy: ex.resolvedBy,
      resolvedAt: ex.resolvedAt?.toISOString() ?? null,
    },
    trail,
    events: events.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs): Promise<ActionResult> => {
  const { session } = await authenticate.admin(request);
  const parsed = ExceptionIntent.safeParse({ ...Object.fromEntries(await readForm(request)), id: params.id });
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === "note" || i.path[0] === "owner");
    return { ok: false, error: issue?.message ?? "That form was not understood." };
  }
  const f = parsed.data;
  const done = await runAction(() =>
    actOnException(productionSyncDeps, session.shop, f.id, { action: f.action, note: f.note, owner: f.action === "assign" ? f.owner : undefined, by: staffMember(session) }),
  );
  if (!done.ok) return done;
  return { ok: true, message: f.action === "assign" ? "Owner saved" : "Action queued; the trail shows the outcome" };
};

export default function Exception() {
  return <ExceptionDetailPage data={useLoaderData<typeof loader>()} result={useActionData<typeof action>()} />;
}
