// /restock/confirm — double opt-in confirmation link (app/restock/link-pages.server.ts): GET shows
// a page with one "Confirm" button (link scanners prefetch GETs), its POST confirms.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { confirmAction, confirmLoader } from "../restock/link-pages.server";

export const loader = ({ request }: LoaderFunctionArgs) => confirmLoader(request);
export const action = ({ request }: ActionFunctionArgs) => confirmAction(request);
