import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import embeddedStyles from "../styles/embedded.css?url";
import { NAV_LINKS } from "../nav";
import { firstLanding } from "../billing/state.server";
import { authenticate } from "../shopify.server";
import { appBridgeUrl } from "../standin-seam.server";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: embeddedStyles },
];

// Pages without their own title are "Stockroom" (a document needs a title).
export const meta = () => [{ title: "Stockroom" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  // A new shop lands on the plan page once (Free is the default if it moves on).
  if (new URL(request.url).pathname !== "/app/plans" && (await firstLanding(session.shop))) throw redirect("/app/plans");
  return { apiKey: process.env.SHOPIFY_API_KEY || "", appBridgeUrl: appBridgeUrl() };
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Overview
        </Link>
        {NAV_LINKS.map((l) => (
          <Link key={l.to} to={l.to}>
            {l.label}
          </Link>
        ))}
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
