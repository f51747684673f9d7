import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchStockNote, type StockNote } from "./stock-api";

// Shopify runs this module once per cart line (target purchase.checkout.cart-line-item.render-after).
export default async () => {
  render(<CartLineStock />, document.body);
};

function CartLineStock() {
  const line = shopify.target.value;
  const variantId = line.merchandise.id;
  // A variant can sit on several lines (different properties): the cart wants their sum.
  const wanted = shopify.lines.value.filter((l) => l.merchandise.id === variantId).reduce((sum, l) => sum + l.quantity, 0);
  const showAlternatives = shopify.settings.value.show_alternatives !== false;
  const [note, setNote] = useState<StockNote | null>(null);

  useEffect(() => {
    let live = true;
    fetchStockNote(() => shopify.sessionToken.get(), variantId, wanted, shopify.checkoutToken?.value)
      .then((n) => live && setNote(n))
      // Never block or clutter checkout: on any error the line simply shows no note.
      .catch(() => live && setNote(null));
    return () => {
      live = false;
    };
  }, [variantId, wanted]);

  if (!note || note.status === "ok" || note.status === "untracked") return null;
  const t = shopify.i18n.translate;
  const count = note.available;
  const message =
    note.status === "sold_out"
      ? t("soldOut")
      : note.status === "short"
        ? count === null || count === 0
          ? t("shortNoCount")
          : t("short", { available: count, requested: note.requested })
        : count === null
          ? t("lowNoCount")
          : t("low", { count });
  const alt = showAlternatives ? note.alternative : undefined;
  const storefront = shopify.shop.storefrontUrl;
  return (
    <s-stack gap="small-200">
      <s-text tone={note.status === "low" ? "warning" : "critical"}>{message}</s-text>
      {alt && storefront ? (
        <s-link href={`${storefront.replace(/\/$/, "")}${alt.url}`} target="_blank">
          {t("alternative", { title: alt.title })}
        </s-link>
      ) : null}
    </s-stack>
  );
}
