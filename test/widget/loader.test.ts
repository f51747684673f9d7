// @vitest-environment happy-dom
// The block's loader (widget/src/loader.ts) on the block's real first-paint markup: variant
// switching from embedded data, live polling with ETags through a stand-in fetch, no requests
// while hidden, backoff on errors, and the Preact take-over keeping the same live region.
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, variants } from "./render-block";

interface Call {
  url: URL;
  headers: Record<string, string>;
}

let calls: Call[] = [];
let answer: (call: Call) => { status: number; body?: unknown; etag?: string };
let hidden = false;

async function mount(selected = variants[0], settings: Record<string, unknown> = {}) {
  // The block's stylesheet link points at a CDN happy-dom cannot reach (and styles are not under test here).
  const html = (await render(selected, "en", settings)).html.replace(/<link rel="stylesheet"[^>]*>/g, "");
  document.body.innerHTML = `<main><section id="shopify-section-main"><form action="/cart/add"><select name="id">${variants
    .map((v) => `<option value="${v.id}" ${v.id === selected.id ? "selected" : ""}>${v.id}</option>`)
    .join("")}</select></form>${html}</section></main>`;
  // The UI chunk URL points at the CDN in the markup; here it is the source module.
  const cfgEl = document.querySelector("script[data-stockroom-config]")!;
  const cfg = JSON.parse(cfgEl.textContent!);
  cfg.ui = resolve("widget/src/ui.ts");
  cfgEl.textContent = JSON.stringify(cfg);
  vi.resetModules();
  await import("../../widget/src/loader");
  return document.querySelector<HTMLElement>("[data-stockroom]")!;
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
};
const msg = () => document.querySelector(".stockroom__msg")!.textContent;
const root = () => document.querySelector<HTMLElement>("[data-stockroom]")!;

beforeEach(() => {
  calls = [];
  hidden = false;
  answer = () => ({ status: 304 });
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  vi.stubGlobal("fetch", async (input: string, init: RequestInit = {}) => {
    const call = { url: new URL(input, "https://north-shop.example"), headers: (init.headers ?? {}) as Record<string, string> };
    calls.push(call);
    const a = answer(call);
    return new Response(a.status === 304 ? null : JSON.stringify(a.body), { status: a.status, headers: a.etag ? { ETag: a.etag } : {} });
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
  delete (window as { __stockroomHistoryPatched?: boolean }).__stockroomHistoryPatched;
});

describe("loader", () => {
  it("switches variants at once from the embedded data (product form and ?variant=)", async () => {
    await mount();
    expect([root().dataset.state, msg()]).toEqual(["in_stock", "In stock: 40 available"]);
    const select = document.querySelector<HTMLSelectElement>("select[name=id]")!;
    select.value = "12";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    expect([root().dataset.state, msg()]).toEqual(["low", "Only 3 left"]);
    // No alternatives known yet for this variant: no empty "In stock now" heading.
    const alts = root().querySelector<HTMLElement>("[data-stockroom-alts]")!;
    expect(alts.hidden || alts.classList.contains("stockroom__alts--waiting")).toBe(true);
    history.replaceState({}, "", "?variant=13");
    expect([root().dataset.state, msg()]).toEqual(["sold_out", "Sold out"]);
    history.pushState({}, "", "?variant=14");
    expect([root().dataset.state, msg()]).toEqual(["continue", "Available to order"]);
    expect(root().querySelector<HTMLElement>("[data-stockroom-alts]")!.hidden).toBe(true);
    history.replaceState({}, "", "/");
  });

  it("follows theme variant events that carry the variant", async () => {
    await mount();
    document.dispatchEvent(new CustomEvent("variant:update", { detail: { resource: { id: 15 } } }));
    expect([root().dataset.state, msg()]).toEqual(["untracked", "Available"]);
  });

  it("polls the app proxy with the block's options and If-None-Match, and applies changes", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    answer = () => ({ status: 200, etag: 'W/"a"', body: { variant: "11", state: "in_stock", count: 40, alternatives: [] } });
    await mount();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    const first = calls[0];
    expect(first.url.pathname).toBe("/apps/stockroom/stock");
    expect(Object.fromEntries(first.url.searchParams)).toEqual({ variant: "11", threshold: "5", count: "1", limit: "4", locale: "en" });
    expect(first.headers["If-None-Match"]).toBeUndefined();

    answer = () => ({ status: 304 });
    await vi.advanceTimersByTimeAsync(1200);
    expect(calls).toHaveLength(2);
    expect(calls[1].headers["If-None-Match"]).toBe('W/"a"');
    expect(msg()).toBe("In stock: 40 available");

    // Bought out in another store: the next poll (< 2 s later) shows it.
    answer = () => ({
      status: 200,
      etag: 'W/"b"',
      body: { variant: "11", state: "sold_out", count: 0, alternatives: [{ productId: "2", title: "Road Shoe", url: "/products/road-shoe", image: null, price: "€89.50" }] },
    });
    await vi.advanceTimersByTimeAsync(1200);
    expect([root().dataset.state, msg()]).toEqual(["sold_out", "Sold out"]);
    expect(root().querySelector<HTMLElement>("[data-stockroom-alts]")!.hidden).toBe(false);
  });

  it("sends nothing while the tab is hidden and refreshes when it shows again", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await mount();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    hidden = true;
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    hidden = false;
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.advanceTimersByTimeAsync(1200);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1200);
    expect(calls).toHaveLength(3);
  });

  it("backs off exponentially on errors and recovers", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const times: number[] = [];
    answer = () => {
      times.push(Date.now());
      return { status: times.length <= 5 ? 503 : 304 };
    };
    await mount();
    await vi.advanceTimersByTimeAsync(80_000);
    const gaps = times.slice(1, 9).map((x, i) => x - times[i]);
    // 5 failures: 2.4 s, 4.8 s, 9.6 s, 19.2 s, 38.4 s; after the success the normal 1.2 s again.
    expect(gaps).toEqual([2400, 4800, 9600, 19200, 38400, 1200, 1200, 1200]);
    expect(msg()).toBe("In stock: 40 available"); // errors never blank the server-rendered state
  });

  it("hands the block to the Preact UI without replacing the live region, and renders alternatives as links", async () => {
    answer = () => ({
      status: 200,
      etag: 'W/"c"',
      body: { variant: "12", state: "low", count: 3, alternatives: [{ productId: "2", title: "Road Shoe", url: "/products/road-shoe", image: "https://cdn.shopify.com/a.jpg", price: "€89.50" }] },
    });
    await mount(variants[1]);
    const status = document.querySelector(".stockroom__status");
    // Low stock: alternatives must show, so the UI chunk is imported right away.
    await vi.waitFor(() => expect(document.querySelectorAll(".stockroom__alt a")).toHaveLength(1), { timeout: 5000 });
    expect(document.querySelector(".stockroom__status")).toBe(status);
    expect(document.querySelectorAll(".stockroom__status, .stockroom__alts")).toHaveLength(2);
    const link = document.querySelector<HTMLAnchorElement>(".stockroom__alt a")!;
    expect(link.getAttribute("href")).toBe("/products/road-shoe");
    expect(link.textContent).toContain("Road Shoe");
    expect(link.textContent).toContain("€89.50");
    expect(msg()).toBe("Only 3 left");
    await flush();
  });
});
