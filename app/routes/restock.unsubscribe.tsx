// /restock/unsubscribe — one-click unsubscribe from back-in-stock mail (app/restock/link-pages.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { unsubscribeAction, unsubscribeLoader } from "../restock/link-pages.server";

export const loader = ({ request }: LoaderFunctionArgs) => unsubscribeLoader(request);
export const action = ({ request }: ActionFunctionArgs) => unsubscribeAction(request);
