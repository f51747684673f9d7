import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { login } from "../../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return { showForm: Boolean(login) };
};

export default function Landing() {
  const { showForm } = useLoaderData<typeof loader>();
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Stockroom</h1>
      <p>Inventory that stays in sync across your stores, live stock on your product pages, and a post-purchase survey — in one app.</p>
      {showForm && (
        <Form method="post" action="/auth/login">
          <label>
            Shop domain <input type="text" name="shop" placeholder="my-shop-domain.myshopify.com" />
          </label>{" "}
          <button type="submit">Log in</button>
        </Form>
      )}
      <ul>
        <li>Sync that loses nothing: compare-and-set writes, idempotent retries, an exception queue with proof.</li>
        <li>A storefront widget that costs your page nothing measurable.</li>
        <li>Post-purchase survey answers tied to stock problems.</li>
      </ul>
    </main>
  );
}
