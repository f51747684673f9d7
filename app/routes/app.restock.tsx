// Admin page "Back in stock" (app/components/RestockPage.tsx). Form intents are parsed with zod.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { z } from "zod";
import { RestockPage } from "../components/RestockPage";
import { parseRestockSettingsForm, restockAdminData, type RestockAdminData } from "../restock/admin.server";
import { saveRestockSettings } from "../restock/settings.server";
import { authenticate } from "../shopify.server";
import { readForm } from "../security/read-form.server";

export const meta = () => [{ title: "Back in stock · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return restockAdminData(session.shop);
};

const Intent = z.object({ intent: z.literal("settings") }).passthrough();

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries([...(await readForm(request)).entries()].map(([k, v]) => [k, String(v)]));
  if (!Intent.safeParse(form).success) return { ok: false as const, errors: { intent: "Unknown action" } };
  const parsed = parseRestockSettingsForm(form);
  if ("errors" in parsed) return { ok: false as const, errors: parsed.errors };
  await saveRestockSettings(session.shop, parsed.value);
  return { ok: true as const, message: "Settings saved" };
};

export default function BackInStock() {
  const data = useLoaderData<typeof loader>() as unknown as RestockAdminData;
  return (
    <>
      <TitleBar title="Back in stock" />
      <RestockPage data={data} result={useActionData<typeof action>()} />
    </>
  );
}
