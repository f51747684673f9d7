import type { StockState } from "./state";

export type WidgetStyle = "inline" | "badge" | "bar";

/** One in-stock alternative, as the app proxy returns it. */
export interface Alternative {
  productId: string;
  title: string;
  url: string;
  image: string | null;
  price: string;
}

/** What the Preact component renders (the admin preview builds the same object). */
export interface WidgetView {
  state: StockState;
  message: string;
  style: WidgetStyle;
  /** Block setting "show alternatives": the alternatives region exists at all. */
  alternativesEnabled: boolean;
  /** null while not loaded yet. */
  alternatives: Alternative[] | null;
  labels: { heading: string; region: string };
}

/** Embedded by blocks/stock.liquid in <script type="application/json" data-stockroom-config>. */
export interface BlockConfig {
  product: number;
  variant: number;
  threshold: number;
  showCount: boolean;
  style: WidgetStyle;
  alternatives: boolean;
  limit: number;
  locale?: string;
  proxy: string;
  ui: string;
  /** URL of the sign-up form's script (stockroom-notify.js), loaded only when a sold-out variant is shown. */
  notify?: string;
  notifyMsgs?: NotifyMessages;
  messages: Record<StockState, string>;
  labels: { heading: string; region: string };
  variants: Array<{ id: number; s: StockState; q?: number }>;
}

/** JSON answer of GET /apps/stockroom/stock?variant=… (app/routes/proxy.stock.tsx). */
export interface StockAnswer {
  variant: string;
  state: StockState;
  count: number | null;
  alternatives: Alternative[];
}

/** The sign-up form's translated answers (blocks/stock.liquid → config). */
export interface NotifyMessages {
  ok: string;
  okConfirm: string;
  email: string;
  consent: string;
  rate: string;
  error: string;
}
