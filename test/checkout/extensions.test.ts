// @vitest-environment happy-dom
// Runs the real built extension bundles (built as Shopify's CLI does) in happy-dom with the
// dev host's `shopify` global and the checkout element look-alikes; the app API is answered
// by a small fake fetch here (the real routes are tested in *-api.test.ts and the e2e test).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildExtension } from "../../scripts/build-extensions.mjs";
import { defineCheckoutElements } from "../../app/surveys/checkout-elements";
import { translationsFor } from "../../dev/extension-host/config";
import { createShopifyGlobal, type InstanceConfig, type ShopifyHost } from "../../dev/extension-host/runtime/shopify-global";
import type { PublicSurvey } from "../../app/surveys/types";
import type { CartLine } from "@shopify/ui-extensions/checkout";

const APP = "https://app.test";
let bundles: Record<string, string>;

beforeAll(async () => {
  bundles = {};
  for (const name of ["checkout-stock", "thank-you-survey"])
    bundles[name] = (await buildExtension(name, { appUrl: APP, write: false })).code!;
  defineCheckoutElements(window as never);
});

type Route = (url: URL, init: RequestInit) => Response | Promise<Response>;
let calls: Array<{ url: string; method: string; body?: unknown; auth: string | null }>;

function installFetch(route: Route) {
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    if (url.pathname === "/token") return Response.json({ token: "tok-1", expiresAt: Math.floor(Date.now() / 1000) + 300 });
    const headers = new Headers(init.headers);
    calls.push({
      url: url.pathname + url.search,
      method: init.method ?? "GET",
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      auth: headers.get("Authorization"),
    });
    return route(url, init);
  }) as typeof fetch;
}

const line = (id: string, variant: number, quantity: number): CartLine => ({
  id,
  quantity,
  merchandise: {
    type: "variant" as const,
    id: `gid://shopify/ProductVariant/${variant}`,
    title: "Default",
    selectedOptions: [],
    requiresShipping: true,
    product: { id: "gid://shopify/Product/1", vendor: "Acme", productType: "Mug" },
  },
  cost: { totalAmount: { amount: 10, currencyCode: "USD" } },
  attributes: [],
  discountAllocations: [],
  lineComponents: [],
  parentRelationship: null,
});

function config(extension: string, patch: Partial<InstanceConfig>): InstanceConfig {
  const locale = patch.locale ?? "en";
  return {
    target: "purchase.thank-you.block.render",
    extension: { handle: extension, apiVersion: "2026-07", scriptUrl: `/${extension}.js`, capabilities: ["network_access"] },
    shop: {
      id: "gid://shopify/Shop/1",
      name: "North",
      storefrontUrl: "https://north-shop.myshopify.com",
      myshopifyDomain: "north-shop.myshopify.com",
    },
    lines: [],
    settings: {},
    locale,
    currency: "USD",
    translations: translationsFor(extension, locale),
    tokenUrl: "https://host.test/token",
    contextId: "ctx",
    storageKey: extension,
    ...patch,
  };
}

const errors: unknown[] = [];
const memory = new Map<string, string>();
const storage = {
  getItem: (k: string) => memory.get(k) ?? null,
  setItem: (k: string, v: string) => void memory.set(k, v),
  removeItem: (k: string) => void memory.delete(k),
};

async function run(extension: string, cfg: InstanceConfig): Promise<ShopifyHost> {
  // A fresh body per instance (Shopify gives every instance its own document).
  document.documentElement.replaceChild(document.createElement("body"), document.body);
  errors.length = 0;
  const host = createShopifyGlobal(cfg, { storage, onError: (e) => errors.push(e) });
  (globalThis as unknown as { shopify: unknown }).shopify = host.api;
  new Function(bundles[extension])();
  await host.rendered;
  if (errors.length) throw errors[0];
  return host;
}

const settle = async (ms = 20) => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, ms));
};
const $ = <T extends Element = HTMLElement>(sel: string) => document.body.querySelector<T>(sel);
const $$ = (sel: string) => Array.from(document.body.querySelectorAll<HTMLElement>(sel));
const pick = async (list: Element, value: string) => {
  const choice = Array.from(list.querySelectorAll("s-choice")).find((c) => (c as unknown as { value: string }).value === value)!;
  const input = choice.shadowRoot!.querySelector("input")!;
  input.checked = !input.checked || input.type === "radio";
  input.dispatchEvent(new Event("change", { bubbles: true }));
  await settle(5);
};

beforeEach(() => {
  calls = [];
  memory.clear();
});

describe("checkout-stock extension", () => {
  it("shows a localized low-stock note and an alternative link for its own line, with the session token", async () => {
    installFetch(() =>
      Response.json({
        notes: [
          {
            variantId: "gid://shopify/ProductVariant/11",
            status: "low",
            available: 2,
            requested: 1,
            alternative: { productId: "2", title: "Green Mug", url: "/products/green-mug" },
          },
        ],
      }),
    );
    await run(
      "checkout-stock",
      config("checkout-stock", {
        target: "purchase.checkout.cart-line-item.render-after",
        lines: [line("l1", 11, 1), line("l2", 21, 1)],
        targetLineId: "l1",
        locale: "fr",
      }),
    );
    await settle();
    expect(calls).toEqual([
      {
        url: "/api/stock-notes",
        method: "POST",
        body: { lines: [{ variantId: "gid://shopify/ProductVariant/11", quantity: 1 }] },
        auth: "Bearer tok-1",
      },
    ]);
    expect($("s-text")!.textContent).toBe("Plus que 2 en stock");
    const link = $("s-link") as unknown as { href: string; textContent: string };
    expect(link.href).toBe("https://north-shop.myshopify.com/products/green-mug");
    expect(link.textContent).toBe("Disponible à la place : Green Mug");
  });

  it("says the cart wants more than is available, summing lines of the variant", async () => {
    installFetch(() =>
      Response.json({ notes: [{ variantId: "gid://shopify/ProductVariant/11", status: "short", available: 3, requested: 5 }] }),
    );
    await run(
      "checkout-stock",
      config("checkout-stock", {
        target: "purchase.checkout.cart-line-item.render-after",
        lines: [line("l1", 11, 2), line("l2", 11, 3)],
        targetLineId: "l2",
        locale: "de-DE",
      }),
    );
    await settle();
    expect((calls[0].body as { lines: unknown[] }).lines).toEqual([
      { variantId: "gid://shopify/ProductVariant/11", quantity: 5 },
    ]);
    expect($("s-text")!.textContent).toBe("Nur 3 verfügbar, Ihr Warenkorb enthält 5. Der Rest wird eventuell nicht versendet.");
    expect($("s-link")).toBeNull();
  });

  it("renders nothing when all is well or the app cannot be reached", async () => {
    installFetch(() =>
      Response.json({ notes: [{ variantId: "gid://shopify/ProductVariant/11", status: "ok", available: 40, requested: 1 }] }),
    );
    await run(
      "checkout-stock",
      config("checkout-stock", {
        target: "purchase.checkout.cart-line-item.render-after",
        lines: [line("l1", 11, 1)],
        targetLineId: "l1",
      }),
    );
    await settle();
    expect(document.body.innerHTML).toBe("");
    installFetch(() => new Response("down", { status: 503 }));
    await run(
      "checkout-stock",
      config("checkout-stock", {
        target: "purchase.checkout.cart-line-item.render-after",
        lines: [line("l1", 11, 1)],
        targetLineId: "l1",
      }),
    );
    await settle();
    expect(document.body.innerHTML).toBe("");
  });

  it("asks again when the buyer changes the quantity", async () => {
    installFetch((_u, init) => {
      const q = JSON.parse(String(init.body)).lines[0].quantity;
      return Response.json({
        notes: [{ variantId: "gid://shopify/ProductVariant/11", status: q > 3 ? "short" : "ok", available: 3, requested: q }],
      });
    });
    const host = await run(
      "checkout-stock",
      config("checkout-stock", {
        target: "purchase.checkout.cart-line-item.render-after",
        lines: [line("l1", 11, 1)],
        targetLineId: "l1",
      }),
    );
    await settle();
    expect($("s-text")).toBeNull();
    host.update("lines", [line("l1", 11, 4)]);
    await settle();
    expect($("s-text")!.textContent).toContain("Only 3 available, your cart has 4");
  });
});

const SURVEY: PublicSurvey = {
  surveyId: "s1",
  versionId: "v1",
  title: "Quick question",
  displayMode: "all_at_once",
  questions: [
    {
      id: "source",
      type: "single",
      label: "How did you hear about us?",
      required: true,
      allowOther: true,
      options: [
        { id: "search", label: "Search" },
        { id: "friend", label: "A friend" },
      ],
    },
    { id: "nps", type: "nps", label: "Would you recommend us?", required: false },
    { id: "notes", type: "text", label: "Anything else?", required: false },
  ],
};

const thankYou = (patch: Partial<InstanceConfig> = {}) =>
  config("thank-you-survey", {
    orderConfirmation: { order: { id: "gid://shopify/OrderIdentity/5001" }, number: "1001", isFirstOrder: true },
    buyerJourneyStep: "thank-you",
    ...patch,
  });

describe("thank-you-survey extension", () => {
  it("loads the survey for the order, validates required answers, submits and thanks", async () => {
    let posted = 0;
    installFetch((url, init) => {
      if ((init.method ?? "GET") === "GET") return Response.json({ survey: SURVEY, answered: false });
      posted++;
      return Response.json({ ok: true, duplicate: false });
    });
    await run("thank-you-survey", thankYou());
    await settle();
    expect(calls[0]).toMatchObject({
      url: "/api/survey?orderId=gid%3A%2F%2Fshopify%2FOrderIdentity%2F5001&firstOrder=1",
      method: "GET",
      auth: "Bearer tok-1",
    });
    expect(($("s-section") as unknown as { heading: string }).heading).toBe("Quick question");
    expect($$("s-choice-list")).toHaveLength(2);
    expect($$("s-choice-list")[1].querySelectorAll("s-choice")).toHaveLength(11); // NPS 0–10

    // Required question left empty: an inline error, nothing sent.
    ($$("s-button").at(-1) as HTMLElement).click();
    await settle(5);
    expect(($$("s-choice-list")[0] as unknown as { error?: string }).error).toBe("Please answer this question.");
    expect(posted).toBe(0);

    await pick($$("s-choice-list")[0], "__other");
    const other = $("s-text-field") as unknown as HTMLElement & { value: string };
    const input = other.shadowRoot!.querySelector("input")!;
    input.value = "A podcast";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await pick($$("s-choice-list")[1], "9");
    ($$("s-button").at(-1) as HTMLElement).click();
    await settle();
    expect(calls.at(-1)).toMatchObject({
      method: "POST",
      url: "/api/survey",
      body: {
        orderId: "gid://shopify/OrderIdentity/5001",
        versionId: "v1",
        answers: { source: { choice: "__other", other: "A podcast" }, nps: { value: 9 } },
      },
    });
    expect($("s-section")!.textContent).toBe("Thank you for your feedback!");
    expect(memory.get("thank-you-survey:survey-done:gid://shopify/OrderIdentity/5001")).toBe("true");

    // Reload: answered in this browser, the app is not even asked.
    calls = [];
    await run("thank-you-survey", thankYou());
    await settle();
    expect(calls).toEqual([]);
    expect(document.body.innerHTML).toBe("");
  });

  it("keeps the answers and offers a retry when sending fails (offline)", async () => {
    let online = false;
    installFetch((_u, init) => {
      if ((init.method ?? "GET") === "GET")
        return Response.json({ survey: { ...SURVEY, questions: [SURVEY.questions[1]] }, answered: false });
      if (!online) throw new TypeError("Failed to fetch");
      return Response.json({ ok: true, duplicate: false });
    });
    await run("thank-you-survey", thankYou());
    await settle();
    await pick($("s-choice-list")!, "3");
    ($$("s-button").at(-1) as HTMLElement).click();
    await settle();
    expect($("s-banner")).not.toBeNull();
    expect(($("s-banner") as unknown as { heading: string }).heading).toBe("Your answers could not be sent.");
    expect($$("s-button").at(-1)!.textContent).toBe("Try again");
    online = true;
    ($$("s-button").at(-1) as HTMLElement).click();
    await settle();
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { orderId: "gid://shopify/OrderIdentity/5001", versionId: "v1", answers: { nps: { value: 3 } } },
      { orderId: "gid://shopify/OrderIdentity/5001", versionId: "v1", answers: { nps: { value: 3 } } },
    ]);
    expect($("s-section")!.textContent).toBe("Thank you for your feedback!");
  });

  it("shows one question at a time with progress, Back and Next", async () => {
    installFetch((_u, init) =>
      (init.method ?? "GET") === "GET"
        ? Response.json({ survey: { ...SURVEY, displayMode: "one_at_a_time" }, answered: false })
        : Response.json({ ok: true }),
    );
    await run("thank-you-survey", thankYou({ locale: "de" }));
    await settle();
    expect($("s-text")!.textContent).toBe("Frage 1 von 3");
    expect($$("s-choice-list")).toHaveLength(1);
    await pick($("s-choice-list")!, "friend");
    ($$("s-button").at(-1) as HTMLElement).click(); // Weiter
    await settle(5);
    expect($("s-text")!.textContent).toBe("Frage 2 von 3");
    expect($$("s-button").map((b) => b.textContent)).toEqual(["Zurück", "Weiter"]);
  });

  it("stays hidden when the order already has an answer or no survey is active, and uses the Order id on the order status page", async () => {
    installFetch(() => Response.json({ survey: null, answered: true }));
    await run(
      "thank-you-survey",
      config("thank-you-survey", {
        target: "customer-account.order-status.block.render",
        order: { id: "gid://shopify/Order/5001", name: "#1001" },
      }),
    );
    await settle();
    expect(calls[0].url).toBe("/api/survey?orderId=gid%3A%2F%2Fshopify%2FOrder%2F5001");
    expect(document.body.innerHTML).toBe("");
    expect(memory.get("thank-you-survey:survey-done:gid://shopify/Order/5001")).toBe("true");
  });
});

describe("host i18n.translate", () => {
  it("interpolates, picks plural forms by locale and returns parts for element replacements", async () => {
    const { translateWith } = await import("../../dev/extension-host/runtime/shopify-global");
    const t = translateWith(
      { left: { one: "{{count}} item left", other: "{{count}} items left" }, hi: "Hi {{name}}!", nested: { a: "A" } },
      "en",
    );
    expect(t("left", { count: 1 })).toBe("1 item left");
    expect(t("left", { count: 3 })).toBe("3 items left");
    expect(t("hi", { name: "Ada" })).toBe("Hi Ada!");
    expect(t("nested.a")).toBe("A");
    expect(t("missing.key")).toBe("missing.key");
    const el = { type: "strong" };
    expect(t<typeof el>("hi", { name: el })).toEqual(["Hi ", el, "!"]);
    const fr = translateWith({ n: { one: "{{count}} article", other: "{{count}} articles" } }, "fr");
    expect(fr("n", { count: 0 })).toBe("0 article"); // French: 0 is "one"
  });
});
