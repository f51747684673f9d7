// Compile-time check (tsc --noEmit): every property the checkout element look-alikes
// (app/surveys/checkout-elements.ts) accept exists on the element type @shopify/ui-extensions
// declares for that tag (HTMLElementTagNameMap['s-…']). A property the package does not have
// makes `elementPropsMatchPackage` fail to type-check, naming the tag and property.
import type {} from "@shopify/ui-extensions/purchase.thank-you.block.render";
import type { ELEMENT_PROPS, CheckoutTag } from "../../app/surveys/checkout-elements";

type Props<T extends CheckoutTag> = (typeof ELEMENT_PROPS)[T][number];
type Unknown<T extends CheckoutTag> = Exclude<Props<T>, keyof HTMLElementTagNameMap[T]>;
type AllUnknown = { [T in CheckoutTag]: Unknown<T> extends never ? never : `${T}.${Unknown<T>}` }[CheckoutTag];

export const elementPropsMatchPackage: [AllUnknown] extends [never] ? true : AllUnknown = true;
