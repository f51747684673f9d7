// Admin page "Storefront widget" (app/components/WidgetSettingsPage.tsx): settings, alternative
// picks and the live preview. Form intents are parsed with zod.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import widgetCss from "../../extensions/stock-widget/assets/stockroom.css?url";
import { WidgetSettingsPage, type WidgetPageData } from "../components/WidgetSettingsPage";
import { authenticate } from "../shopify.server";
import { addPick, parseSettingsForm, removePick, saveWidgetSettings, themeEditorLink, widgetAdminData } from "../storefront/widget-admin.server";
import { readForm } from "../security/read-form.server";

export const links = () => [{ rel: "stylesheet", href: widgetCss }];
export const meta = () => [{ title: "Storefront widget · Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const data = await widgetAdminData(session.shop, q);
  return { ...data, shop: session.shop, q, editorUrl: themeEditorLink(session.shop, process.env.SHOPIFY_API_KEY || "") };
};

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("settings") }).passthrough(),
  z.object({ intent: z.literal("add-pick"), productId: z.string().default(""), altProductId: z.string().default("") }),
  z.object({ intent: z.literal("remove-pick"), productId: z.string().default(""), altProductId: z.string().default("") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = Object.fromEntries([...(await readForm(request)).entries()].map(([k, v]) => [k, String(v)]));
  const parsed = Intent.safeParse(form);
  if (!parsed.success) return { ok: false as const, errors: { intent: "Unknown action" } };
  const f = parsed.data;
  switch (f.intent) {
    case "settings": {
      const settings = parseSettingsForm(form);
      if ("errors" in settings) return { ok: false as const, errors: settings.errors };
      await saveWidgetSettings(session.shop, settings.value);
      return { ok: true as const, message: "Settings saved" };
    }
    case "add-pick": {
      const error = await addPick(session.shop, f.productId, f.altProductId);
      return error ? { ok: false as const, errors: { pick: error } } : { ok: true as const, message: "Alternative added" };
    }
    case "remove-pick":
      await removePick(session.shop, f.productId, f.altProductId);
      return { ok: true as const, message: "Alternative removed" };
  }
};

export default function StorefrontWidget() {
  const data = useLoaderData<typeof loader>() as unknown as WidgetPageData;
  return <WidgetSettingsPage data={data} result={useActionData<typeof action>()} />;
}
