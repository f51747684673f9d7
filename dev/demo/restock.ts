/**
 * Demo seeding for back in stock (issue 13), called with one line from the demo:
 *   console.log(await seedRestockDemo(app));
 * - Without SMTP_URL, starts a local mailbox (dev/demo/mailbox.ts) and points the app's mail at
 *   it, so every alert the demo sends can be read at the printed URL.
 * - Makes one south-shop variant sold out and signs a shopper up for it through the storefront's
 *   real app proxy (/apps/stockroom/restock, signed by the stand-in) once the app has its catalog.
 * Returns the lines to print: what to open and what to try.
 */
import type { AppWithStandin } from "../app-with-standin.ts";
import { shopUrls } from "../kit.ts";
import { startMailbox } from "./mailbox.ts";

const SHOP = "south-shop";
const EMAIL = "demo.shopper@example.com";

type StateView = { products: { title: string; handle: string; variants: { id: number; sku: string | null }[] }[] };

export async function seedRestockDemo(app: AppWithStandin): Promise<string> {
  const { standin } = app;
  let mailboxLine = `Mail goes to SMTP_URL (${process.env.SMTP_URL ?? ""})`;
  if (!process.env.SMTP_URL) {
    const box = await startMailbox();
    process.env.SMTP_URL = box.smtpUrl; // the app's mailer reads it on its first mail
    mailboxLine = `Demo mailbox:      ${box.url}   (every mail the app sends)`;
  }
  // A product near the end of south's catalog (not one the other demo steps lean on).
  const state = standin.control.state({ shop: SHOP }) as unknown as StateView;
  const product = [...state.products].reverse().find((p) => p.variants.length === 1 && p.variants[0].sku) ?? state.products[state.products.length - 1];
  const variant = product.variants[0];
  const levels = (standin.control.stock({ shop: SHOP, variantId: variant.id }) as unknown as { levels: { locationId: number; available: number }[] }).levels;
  const units = levels.map((l) => l.available);
  for (const l of levels) standin.control.setStock({ shop: SHOP, variantId: variant.id, locationId: l.locationId, available: 0 });
  const productUrl = shopUrls(standin.url, SHOP).product(product.handle, variant.id);

  // Sign up through the storefront once the app has imported the catalog (in the background).
  void (async () => {
    for (let i = 0; i < 120; i++) {
      const res = await fetch(`${standin.url}/store/${SHOP}/apps/stockroom/restock`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "192.0.2.1" },
        body: new URLSearchParams({ variant: String(variant.id), email: EMAIL, consent: "1", locale: "en" }).toString(),
      }).catch(() => null);
      if (res && res.status === 201) return; // 404 or 409 until the app has the catalog and the stock
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();

  return [
    ``,
    `Back in stock (issue 13)`,
    `  ${product.title} is sold out in ${SHOP}; ${EMAIL} signed up for it: ${productUrl}`,
    `  Bring it back (e.g. Control API setStock ${JSON.stringify({ shop: SHOP, variantId: variant.id, available: Math.max(3, units[0] ?? 3) })}) and the alert arrives.`,
    `  ${mailboxLine}`,
    `  Settings and counts: ${shopUrls(standin.url, SHOP).admin("restock")}`,
  ].join("\n");
}
