// The app block's own script (schema "javascript": assets/stockroom-loader.js). Plain TS, no
// Preact: theme-check allows 10,000 bytes for it. It
//  - follows the selected variant (product form's `id` input, variant-picker events, `?variant=`
//    changes through history.pushState/replaceState and popstate) and repaints at once from the
//    data the block embedded, without a request;
//  - keeps the state live through the app proxy: polls while the page is visible, refreshes on
//    visibility/focus, sends If-None-Match (304 when unchanged), stops while hidden, backs off
//    exponentially on errors;
//  - imports the Preact UI chunk off the critical path: when the block has been visible and the
//    browser is idle, or at once when alternatives must show.
import { formatMessage, needsAlternatives, type StockState } from "./state";
import type { Alternative, BlockConfig, StockAnswer, WidgetView } from "./types";
import type { UiHandle } from "./ui";
import type { NotifyHandle } from "./notify";

const POLL_MS = 1200; // a change is on screen < 2 s after the read model has it
const MAX_BACKOFF_MS = 60_000;
const LOCATION_EVENT = "stockroom:locationchange";

interface Known {
  s: StockState;
  q?: number | null;
}

declare global {
  interface Window {
    __stockroomHistoryPatched?: boolean;
  }
}

function patchHistory(): void {
  if (window.__stockroomHistoryPatched) return;
  window.__stockroomHistoryPatched = true;
  for (const name of ["pushState", "replaceState"] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      window.dispatchEvent(new Event(LOCATION_EVENT));
      return result;
    };
  }
  addEventListener("popstate", () => dispatchEvent(new Event(LOCATION_EVENT)));
}

function init(root: HTMLElement): void {
  if (root.hasAttribute("data-stockroom-live")) return;
  const configEl = root.querySelector("script[data-stockroom-config]");
  if (!configEl) return;
  root.setAttribute("data-stockroom-live", "");
  const cfg = JSON.parse(configEl.textContent || "{}") as BlockConfig;
  const known = new Map<string, Known>();
  for (const v of cfg.variants) known.set(String(v.id), v);
  const etags = new Map<string, string>();
  const altsByVariant = new Map<string, Alternative[]>();
  const scope: ParentNode = root.closest("[id^='shopify-section'],section,main,product-info") || document;
  const msgEl = root.querySelector<HTMLElement>(".stockroom__msg");
  const altsEl = root.querySelector<HTMLElement>("[data-stockroom-alts]");
  // The back-in-stock form follows the block (outside the Preact root).
  const next = root.nextElementSibling;
  const notifyEl = next && next.hasAttribute("data-stockroom-notify") ? (next as HTMLFormElement) : null;
  let notify: NotifyHandle | null = null;
  let notifyPromise: Promise<unknown> | null = null;

  let current = String(cfg.variant);
  let ui: UiHandle | null = null;
  let uiPromise: Promise<unknown> | null = null;
  let timer = 0;
  let failures = 0;
  let inFlight = false;
  let lastPoll = 0;

  const view = (): WidgetView | null => {
    const k = known.get(current);
    if (!k) return null;
    return {
      state: k.s,
      message: formatMessage(cfg.messages[k.s] || "", cfg.showCount ? k.q : null),
      style: cfg.style,
      alternativesEnabled: cfg.alternatives,
      alternatives: altsByVariant.get(current) ?? null,
      labels: cfg.labels,
    };
  };

  const loadUi = (): void => {
    if (uiPromise) return;
    uiPromise = import(/* @vite-ignore */ cfg.ui)
      .then((m: typeof import("./ui")) => {
        const v = view();
        if (v) ui = m.mount(root, v);
      })
      .catch(() => {
        uiPromise = null; // the DOM fast path keeps working; try again on the next need
      });
  };

  // The form's code loads only once a sold-out variant is shown.
  const loadNotify = (): void => {
    if (notifyPromise || !notifyEl || !cfg.notify || !cfg.notifyMsgs) return;
    notifyPromise = import(/* @vite-ignore */ cfg.notify)
      .then((m: typeof import("./notify")) => {
        notify = m.attach(notifyEl, cfg.notifyMsgs!);
        notify.variant(current);
      })
      .catch(() => {
        notifyPromise = null;
      });
  };

  const paint = (): void => {
    const v = view();
    if (!v) return;
    if (notifyEl) {
      const soldOut = v.state === "sold_out";
      notifyEl.hidden = !soldOut;
      const input = notifyEl.querySelector<HTMLInputElement>("[name='variant']");
      if (input) input.value = current;
      if (notify) notify.variant(current);
      if (soldOut) loadNotify();
    }
    const wantsAlts = cfg.alternatives && needsAlternatives(v.state);
    if (ui) {
      ui.update(v);
    } else {
      // Fast path before the Preact chunk is there: same markup, same classes.
      root.setAttribute("data-state", v.state);
      if (msgEl && msgEl.textContent !== v.message) msgEl.textContent = v.message; // announces only on change
      if (altsEl) {
        // Never an empty section in view: wanted but not answered yet keeps its place, invisible.
        altsEl.hidden = !wantsAlts;
        altsEl.classList.toggle("stockroom__alts--waiting", !v.alternatives?.length);
      }
    }
    if (wantsAlts) loadUi();
  };

  const url = (id: string): string => {
    const q = new URLSearchParams({
      variant: id,
      threshold: String(cfg.threshold),
      count: cfg.showCount ? "1" : "0",
      limit: cfg.alternatives ? String(cfg.limit) : "0",
    });
    if (cfg.locale) q.set("locale", cfg.locale);
    return `${cfg.proxy}?${q}`;
  };

  const schedule = (delay: number): void => {
    clearTimeout(timer);
    if (document.hidden || !root.isConnected) return; // nothing while the tab is hidden
    timer = window.setTimeout(poll, delay);
  };

  const nextDelay = (): number => (failures ? Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** failures) : POLL_MS);

  async function poll(): Promise<void> {
    if (document.hidden || inFlight || !root.isConnected) return;
    inFlight = true;
    lastPoll = Date.now();
    const id = current;
    try {
      const headers: Record<string, string> = { Accept: "application/json" };
      const tag = etags.get(id);
      if (tag) headers["If-None-Match"] = tag;
      const res = await fetch(url(id), { headers, cache: "no-store", credentials: "same-origin" });
      if (res.status !== 304) {
        if (!res.ok) throw new Error(String(res.status));
        const data = (await res.json()) as StockAnswer;
        const etag = res.headers.get("ETag");
        if (etag) etags.set(id, etag);
        known.set(id, { s: data.state, q: data.count });
        altsByVariant.set(id, data.alternatives || []);
        if (id === current) paint();
      }
      failures = 0;
    } catch {
      failures++;
    } finally {
      inFlight = false;
    }
    schedule(nextDelay());
  }

  // Visibility/focus: poll now (unless one just ran); while backing off, keep the backoff.
  const refreshNow = (): void => {
    if (!document.hidden) schedule(failures ? nextDelay() : Date.now() - lastPoll > 250 ? 0 : POLL_MS);
  };

  const select = (id: string | null | undefined): void => {
    if (!id || !/^\d+$/.test(id) || id === current) return;
    current = id;
    paint(); // immediate, from embedded or already fetched data
    failures = 0;
    schedule(0); // then confirm live
  };

  const fromForm = (): string | null => {
    const input =
      scope.querySelector<HTMLInputElement>("form[action*='/cart/add'] [name='id']") ||
      document.querySelector<HTMLInputElement>("form[action*='/cart/add'] [name='id']");
    return input ? input.value : null;
  };
  const fromUrl = (): string | null => new URL(location.href).searchParams.get("variant");

  const onVariantEvent = (e: Event): void => {
    const d = (e as CustomEvent).detail as
      | { variant?: { id?: number | string }; resource?: { id?: number | string } }
      | undefined;
    const id = d && (d.variant?.id ?? d.resource?.id);
    if (id != null) select(String(id));
    else {
      select(fromForm());
      setTimeout(() => select(fromForm()), 0); // themes often update the input after the event
    }
  };

  patchHistory();
  addEventListener(LOCATION_EVENT, () => select(fromUrl() || fromForm()));
  document.addEventListener("change", onVariantEvent);
  for (const name of ["variant:change", "variant:changed", "variant:update", "on:variant:change"]) {
    document.addEventListener(name, onVariantEvent);
  }
  document.addEventListener("visibilitychange", () => (document.hidden ? clearTimeout(timer) : refreshNow()));
  addEventListener("focus", refreshNow);
  addEventListener("pageshow", refreshNow);

  // The page may already point at another variant than Liquid's first paint (e.g. restored form).
  select(fromUrl() || fromForm());

  // Preact off the critical path: once the block is (near) visible and the browser is idle.
  const idle = (): void => {
    const ric = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
      .requestIdleCallback;
    if (ric) ric(loadUi, { timeout: 3000 });
    else setTimeout(loadUi, 1500);
  };
  if ("IntersectionObserver" in window) {
    const io = new IntersectionObserver((entries) => {
      if (entries.some((en) => en.isIntersecting)) {
        io.disconnect();
        idle();
      }
    }, { rootMargin: "200px" });
    io.observe(root);
  } else idle();

  paint();
  schedule(0);
}

function start(): void {
  document.querySelectorAll<HTMLElement>("[data-stockroom]").forEach(init);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
// Sections re-rendered by the theme editor or by themes' section rendering bring new blocks.
document.addEventListener("shopify:section:load", start);
