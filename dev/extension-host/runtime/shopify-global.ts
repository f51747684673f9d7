// The `shopify` global a checkout / thank-you / order-status UI extension (api_version
// 2025-10+) sees, for running the real built bundles outside Shopify: in Chromium (the dev
// extension host, one iframe per extension instance) and in happy-dom (component tests).
// Typed against @shopify/ui-extensions 2026.7: every field implemented here has the type the
// package declares for the target.
import type { Api as CartLineApi } from "@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after";
import type { Api as ThankYouApi } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import type { Api as OrderStatusApi } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import type {
  CartLine,
  I18nTranslate,
  Interceptor,
  InterceptorRequest,
  SubscribableSignalLike,
} from "@shopify/ui-extensions/checkout";

export type HostedTarget =
  | "purchase.checkout.cart-line-item.render-after"
  | "purchase.thank-you.block.render"
  | "customer-account.order-status.block.render";

/** Everything an extension instance needs; serializable (the host page embeds it as JSON). */
export interface InstanceConfig {
  target: HostedTarget;
  extension: { handle: string; apiVersion: string; scriptUrl: string; capabilities: string[] };
  shop: { id: string; name: string; storefrontUrl: string; myshopifyDomain: string };
  lines: CartLine[];
  /** For cart-line targets: the line this instance renders after. */
  targetLineId?: string;
  /** Checkout pages: Shopify's checkout token (also orders/create's checkout_token). */
  checkoutToken?: string;
  /** Thank-you page. */
  orderConfirmation?: { order: { id: string }; number?: string; isFirstOrder: boolean };
  /** Order status page. */
  order?: { id: string; name: string; processedAt?: string };
  settings: Record<string, string | number | boolean | undefined>;
  /** BCP-47, e.g. "fr" or "de-DE". */
  locale: string;
  currency: string;
  country?: string;
  timezone?: string;
  /** The extension's locale files merged for `locale` (default locale first, then overrides). */
  translations: Record<string, unknown>;
  /** Host endpoint that mints a session token for this page's context. */
  tokenUrl: string;
  contextId: string;
  /** Prefix for `storage` keys (Shopify scopes storage per extension). */
  storageKey: string;
  buyerJourneyStep?: "checkout" | "information" | "shipping" | "payment" | "review" | "thank-you";
}

export interface HostDeps {
  /** Fetch used for session tokens (the page's fetch by default). */
  fetch?: typeof fetch;
  /** Where `storage` persists (localStorage in the browser). */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  /** Resolves when the document can be rendered into (the extension renders into document.body). */
  ready?: Promise<void>;
  onRendered?: () => void;
  onError?: (error: unknown) => void;
}

/** Signal-like values the host owns; replaced by the extension's own Signal class on setSignals. */
interface SignalLike<T> {
  value: T;
  peek(): T;
  subscribe(fn: (v: T) => void): () => void;
}

class HostSignal<T> implements SignalLike<T> {
  private subs = new Set<(v: T) => void>();
  constructor(private v: T) {}
  get value() {
    return this.v;
  }
  set value(v: T) {
    this.v = v;
    for (const fn of this.subs) fn(v);
  }
  peek() {
    return this.v;
  }
  subscribe(fn: (v: T) => void) {
    this.subs.add(fn);
    fn(this.v);
    return () => this.subs.delete(fn);
  }
}

type SignalClass = new <T>(value: T) => SignalLike<T>;

/** Adds the deprecated members SubscribableSignalLike still declares. */
function subscribable<T>(s: SignalLike<T>) {
  const target = s as object;
  if (!("current" in target)) Object.defineProperty(target, "current", { get: () => s.value });
  if (!("destroy" in target)) Object.defineProperty(target, "destroy", { value: async () => undefined });
  return s as SignalLike<T> & { current: T; destroy(): Promise<void> };
}

/**
 * `{{name}}` interpolation and plural forms (`{one, other, …}` picked by `count`), as Shopify's
 * translate does; replacements that are not strings or numbers (elements) give an array of parts.
 */
export function translateWith(translations: Record<string, unknown>, locale: string): I18nTranslate {
  const rules = new Intl.PluralRules(locale);
  const translate = (key: string, options: Record<string, unknown> = {}) => {
    let entry: unknown = key
      .split(".")
      .reduce<unknown>(
        (node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined),
        translations,
      );
    if (entry && typeof entry === "object" && typeof options.count === "number") {
      const forms = entry as Record<string, unknown>;
      entry =
        options.count === 0 && typeof forms.zero === "string" ? forms.zero : (forms[rules.select(options.count)] ?? forms.other);
    }
    if (typeof entry !== "string") return key;
    const parts = entry.split(/(\{\{\s*\w+\s*\}\})/).map((part) => {
      const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)?.[1];
      return name && name in options ? options[name] : part;
    });
    return parts.every((p) => typeof p === "string" || typeof p === "number") ? parts.join("") : parts.filter((p) => p !== "");
  };
  // The package's generic return type (string, or parts when a replacement is an element).
  return translate as I18nTranslate;
}

type SignalValue<S> = S extends SubscribableSignalLike<infer T> ? T : never;

/** The values behind every signal the hosted API exposes, as the package types them. */
interface SignalValues {
  lines: SignalValue<CartLineApi["lines"]>;
  target: SignalValue<CartLineApi["target"]>;
  settings: SignalValue<CartLineApi["settings"]>;
  checkoutToken: SignalValue<CartLineApi["checkoutToken"]>;
  orderConfirmation: SignalValue<ThankYouApi["orderConfirmation"]>;
  order: SignalValue<OrderStatusApi["order"]>;
  capabilities: SignalValue<CartLineApi["extension"]["capabilities"]>;
  rendered: SignalValue<CartLineApi["extension"]["rendered"]>;
  completed: SignalValue<CartLineApi["buyerJourney"]["completed"]>;
  steps: SignalValue<CartLineApi["buyerJourney"]["steps"]>;
  activeStep: SignalValue<CartLineApi["buyerJourney"]["activeStep"]>;
  currency: SignalValue<CartLineApi["localization"]["currency"]>;
  timezone: SignalValue<CartLineApi["localization"]["timezone"]>;
  language: SignalValue<CartLineApi["localization"]["language"]>;
  extensionLanguage: SignalValue<CartLineApi["localization"]["extensionLanguage"]>;
  country: SignalValue<CartLineApi["localization"]["country"]>;
  market: SignalValue<CartLineApi["localization"]["market"]>;
}

type HostedApi = Pick<
  CartLineApi,
  "lines" | "sessionToken" | "settings" | "localization" | "storage" | "buyerJourney" | "i18n" | "shop" | "checkoutToken"
> &
  Partial<Pick<CartLineApi, "target">> &
  Partial<Pick<ThankYouApi, "orderConfirmation">> &
  Partial<Pick<OrderStatusApi, "order">> & {
    /** As the package types it, for whichever of the hosted targets this instance is. */
    extension: Omit<CartLineApi["extension"], "target"> & { target: HostedTarget };
    extensionPoint: HostedTarget;
    extend(target: string, fn: () => unknown): void;
    reload(): void;
    setSignals(Signal: SignalClass): void;
  };

export interface ShopifyHost {
  api: HostedApi;
  /** Pushes new data into a signal (e.g. the buyer changed a quantity). */
  update(key: "lines" | "settings" | "orderConfirmation" | "order", value: unknown): void;
  /** Runs the buyer-journey interceptors as Shopify does before the buyer moves on. */
  runInterceptors(): Promise<InterceptorRequest[]>;
  rendered: Promise<void>;
}

export function createShopifyGlobal(config: InstanceConfig, deps: HostDeps = {}): ShopifyHost {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const store = deps.storage;
  let SignalImpl: SignalClass = HostSignal as unknown as SignalClass;
  // Every signal the API exposes, by name, typed as the package declares it, so setSignals can
  // swap them for the extension's own Signal class.
  const activeStep = config.buyerJourneyStep;
  const values: SignalValues = {
    lines: config.lines,
    target: config.lines.find((l) => l.id === config.targetLineId) ?? config.lines[0],
    settings: config.settings,
    checkoutToken: config.checkoutToken,
    orderConfirmation: config.orderConfirmation ?? { order: { id: "" }, isFirstOrder: false },
    order: config.order,
    capabilities: config.extension.capabilities as SignalValues["capabilities"],
    rendered: false,
    completed: activeStep === "thank-you",
    steps: [
      { handle: "information", label: "Information", to: "shopify:information", disabled: false },
      { handle: "shipping", label: "Shipping", to: "shopify:shipping", disabled: false },
      { handle: "payment", label: "Payment", to: "shopify:payment", disabled: false },
    ],
    activeStep: activeStep ? { handle: activeStep } : undefined,
    currency: { isoCode: config.currency as SignalValues["currency"]["isoCode"] },
    timezone: (config.timezone ?? "UTC") as SignalValues["timezone"],
    language: { isoCode: config.locale },
    extensionLanguage: { isoCode: config.locale },
    country: config.country ? { isoCode: config.country as NonNullable<SignalValues["country"]>["isoCode"] } : undefined,
    market: undefined,
  };
  const signals: Partial<Record<keyof SignalValues, SignalLike<unknown>>> = {};
  const setValue = <K extends keyof SignalValues>(name: K, value: SignalValues[K]) => {
    values[name] = value;
    if (signals[name]) signals[name].value = value;
  };
  /** The signal for `name`, created with the extension's Signal class once it is known. */
  const signal = <K extends keyof SignalValues>(name: K): SubscribableSignalLike<SignalValues[K]> => {
    if (!signals[name]) signals[name] = subscribable(new SignalImpl(values[name]));
    // The runtime class comes from the extension bundle; its instances have the declared shape.
    return signals[name] as unknown as SubscribableSignalLike<SignalValues[K]>;
  };
  const interceptors = new Set<Interceptor>();
  let token: { value: string; until: number } | null = null;
  let resolveRendered!: () => void;
  const rendered = new Promise<void>((r) => (resolveRendered = r));
  const translate = translateWith(config.translations, config.locale);
  const isCartLine = config.target === "purchase.checkout.cart-line-item.render-after";

  // `satisfies` checks every member against the package's types for these targets.
  const api = {
    extend(target: string, fn: () => unknown) {
      if (target !== config.target) return;
      Promise.resolve(deps.ready)
        .then(() => fn())
        .then(() => {
          setValue("rendered", true);
          deps.onRendered?.();
          resolveRendered();
        })
        .catch((error) => {
          deps.onError?.(error);
          resolveRendered();
        });
    },
    reload() {
      globalThis.location?.reload();
    },
    setSignals(Signal: SignalClass) {
      SignalImpl = Signal;
      for (const name of Object.keys(signals) as (keyof SignalValues)[]) delete signals[name];
    },
    get extension() {
      return {
        apiVersion: config.extension.apiVersion as HostedApi["extension"]["apiVersion"],
        capabilities: signal("capabilities"),
        rendered: signal("rendered"),
        scriptUrl: config.extension.scriptUrl,
        target: config.target,
      };
    },
    extensionPoint: config.target,
    get lines() {
      return signal("lines");
    },
    get target() {
      return isCartLine ? signal("target") : undefined;
    },
    get orderConfirmation() {
      return config.target === "purchase.thank-you.block.render" ? signal("orderConfirmation") : undefined;
    },
    get order() {
      return config.target === "customer-account.order-status.block.render" ? signal("order") : undefined;
    },
    get settings() {
      return signal("settings");
    },
    get checkoutToken() {
      return signal("checkoutToken");
    },
    get localization() {
      return {
        currency: signal("currency"),
        timezone: signal("timezone"),
        language: signal("language"),
        extensionLanguage: signal("extensionLanguage"),
        country: signal("country"),
        market: signal("market"),
      };
    },
    shop: { ...config.shop },
    sessionToken: {
      async get() {
        if (token && token.until > Date.now()) return token.value;
        const res = await doFetch(config.tokenUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ contextId: config.contextId }),
        });
        if (!res.ok) throw new Error(`session token: ${res.status}`);
        const body = (await res.json()) as { token: string; expiresAt: number };
        // Reuse until a minute before expiry, as Shopify's cached token does.
        token = { value: body.token, until: body.expiresAt * 1000 - 60_000 };
        return body.token;
      },
    },
    storage: {
      async read<T = unknown>(key: string): Promise<T | null> {
        const raw = store?.getItem(`${config.storageKey}:${key}`);
        return raw == null ? null : (JSON.parse(raw) as T);
      },
      async write(key: string, data: unknown) {
        store?.setItem(`${config.storageKey}:${key}`, JSON.stringify(data));
      },
      async delete(key: string) {
        store?.removeItem(`${config.storageKey}:${key}`);
      },
    },
    buyerJourney: {
      async intercept(fn: Interceptor) {
        interceptors.add(fn);
        return () => void interceptors.delete(fn);
      },
      get completed() {
        return signal("completed");
      },
      get steps() {
        return signal("steps");
      },
      get activeStep() {
        return signal("activeStep");
      },
    },
    i18n: {
      translate,
      formatNumber: (n: number | bigint, o: { inExtensionLocale?: boolean } & Intl.NumberFormatOptions = {}) =>
        new Intl.NumberFormat(config.locale, o).format(n),
      formatCurrency: (n: number | bigint, o: { inExtensionLocale?: boolean } & Intl.NumberFormatOptions = {}) =>
        new Intl.NumberFormat(config.locale, { style: "currency", currency: config.currency, ...o }).format(n),
      formatDate: (d: Date, o: { inExtensionLocale?: boolean } & Intl.DateTimeFormatOptions = {}) =>
        new Intl.DateTimeFormat(config.locale, o).format(d),
    },
  } satisfies HostedApi;

  // Each target's API has only its own fields (`'orderConfirmation' in shopify` tells targets apart).
  const own: Partial<Record<keyof typeof api, unknown>> = api;
  if (!isCartLine) delete own.target;
  if (config.target !== "purchase.thank-you.block.render") delete own.orderConfirmation;
  if (config.target !== "customer-account.order-status.block.render") delete own.order;
  if (config.target === "customer-account.order-status.block.render") delete own.buyerJourney;
  if (config.target === "customer-account.order-status.block.render") delete own.checkoutToken;

  return {
    api,
    update(key, value) {
      setValue(key, value as SignalValues[typeof key]);
      if (key === "lines" && isCartLine) {
        const line = (value as CartLine[]).find((l) => l.id === config.targetLineId);
        if (line) setValue("target", line);
      }
    },
    async runInterceptors() {
      const canBlockProgress = config.extension.capabilities.includes("block_progress");
      const out: InterceptorRequest[] = [];
      for (const fn of interceptors) out.push(await fn({ canBlockProgress }));
      const blocked = canBlockProgress && out.some((r) => r.behavior === "block");
      for (const r of out) await r.perform?.({ behavior: blocked ? "block" : "allow" });
      return canBlockProgress ? out : out.map(() => ({ behavior: "allow" as const }));
    },
    rendered,
  };
}
