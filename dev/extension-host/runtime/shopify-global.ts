// The `shopify` global a checkout / thank-you / order-status UI extension (api_version
// 2025-10+) sees, for running the real built bundles outside Shopify: in Chromium (the dev
// extension host, one iframe per extension instance) and in happy-dom (component tests).
// Typed against @shopify/ui-extensions 2026.7: every field implemented here has the type the
// package declares for the target.
import type { Api as CartLineApi } from "@shopify/ui-extensions/purchase.checkout.cart-line-item.render-after";
import type { Api as ThankYouApi } from "@shopify/ui-extensions/purchase.thank-you.block.render";
import type { Api as OrderStatusApi } from "@shopify/ui-extensions/customer-account.order-status.block.render";
import type { CartLine, Interceptor, InterceptorRequest } from "@shopify/ui-extensions/checkout";

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

/** `{{name}}` interpolation and plural forms (`{one, other, …}` picked by `count`), as Shopify's translate does. */
export function translateWith(translations: Record<string, unknown>, locale: string) {
  const rules = new Intl.PluralRules(locale);
  return (key: string, options: Record<string, unknown> = {}): string => {
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
    return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in options ? String(options[name]) : m));
  };
}

type HostedApi = Pick<
  CartLineApi,
  | "extension"
  | "extensionPoint"
  | "lines"
  | "sessionToken"
  | "settings"
  | "localization"
  | "storage"
  | "buyerJourney"
  | "i18n"
  | "shop"
> &
  Partial<Pick<CartLineApi, "target">> &
  Partial<Pick<ThankYouApi, "orderConfirmation">> &
  Partial<Pick<OrderStatusApi, "order">> & {
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
  // Every signal the API exposes, by name, so setSignals can swap them for the extension's class.
  const values: Record<string, unknown> = {
    lines: config.lines,
    target: config.lines.find((l) => l.id === config.targetLineId) ?? config.lines[0],
    settings: config.settings,
    orderConfirmation: config.orderConfirmation,
    order: config.order,
    capabilities: config.extension.capabilities,
    rendered: false,
    completed: config.buyerJourneyStep === "thank-you",
    steps: [
      { handle: "information", label: "Information", to: "shopify:information" },
      { handle: "shipping", label: "Shipping", to: "shopify:shipping" },
      { handle: "payment", label: "Payment", to: "shopify:payment" },
    ],
    activeStep: config.buyerJourneyStep
      ? { handle: config.buyerJourneyStep, label: config.buyerJourneyStep, to: `shopify:${config.buyerJourneyStep}` }
      : undefined,
    currency: { isoCode: config.currency },
    timezone: config.timezone ?? "UTC",
    language: { isoCode: config.locale },
    extensionLanguage: { isoCode: config.locale },
    country: config.country ? { isoCode: config.country } : undefined,
    market: undefined,
  };
  const signals: Record<string, SignalLike<unknown>> = {};
  const signal = (name: string) => {
    if (!signals[name]) signals[name] = subscribable(new SignalImpl(values[name]));
    return signals[name];
  };
  const interceptors = new Set<Interceptor>();
  let token: { value: string; until: number } | null = null;
  let resolveRendered!: () => void;
  const rendered = new Promise<void>((r) => (resolveRendered = r));
  const translate = translateWith(config.translations, config.locale);
  const isCartLine = config.target === "purchase.checkout.cart-line-item.render-after";

  const api = {
    extend(target: string, fn: () => unknown) {
      if (target !== config.target) return;
      Promise.resolve(deps.ready)
        .then(() => fn())
        .then(() => {
          signal("rendered").value = true;
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
      for (const name of Object.keys(signals)) delete signals[name];
    },
    get extension() {
      return {
        apiVersion: config.extension.apiVersion,
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
        return () => interceptors.delete(fn);
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
  };

  // Each target's API has only its own fields (`'orderConfirmation' in shopify` tells targets apart).
  const own = api as Record<string, unknown>;
  if (!isCartLine) delete own.target;
  if (config.target !== "purchase.thank-you.block.render") delete own.orderConfirmation;
  if (config.target !== "customer-account.order-status.block.render") delete own.order;
  if (config.target === "customer-account.order-status.block.render") delete own.buyerJourney;

  return {
    api: api as unknown as HostedApi,
    update(key, value) {
      values[key] = value;
      if (signals[key]) signals[key].value = value;
      if (key === "lines" && isCartLine) {
        const line = (value as CartLine[]).find((l) => l.id === config.targetLineId);
        values.target = line;
        if (signals.target && line) signals.target.value = line;
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
