// Minimal look-alikes of the checkout Polaris web components (`<s-…>`) the Stockroom
// extensions render, for places outside Shopify: the dev extension host (dev/extension-host,
// Chromium) and the survey preview in the admin. Each element exposes the properties and
// events of its type in @shopify/ui-extensions 2026.7 (HTMLElementTagNameMap['s-…']) that
// our extensions use; it is not a full implementation of Polaris.
//
// Safe to import on the server: nothing is defined until defineCheckoutElements(window) runs.

type Win = Window & typeof globalThis;

/** Shared by s-text-field and s-text-area (the area adds `rows`). */
const TEXT_INPUT_PROPS = [
  "label",
  "value",
  "defaultValue",
  "name",
  "placeholder",
  "maxLength",
  "minLength",
  "required",
  "disabled",
  "readOnly",
  "error",
] as const;

/** Properties each element supports (a subset of the package's element props). */
export const ELEMENT_PROPS = {
  "s-stack": ["direction", "gap", "alignItems", "justifyContent"],
  "s-box": ["padding", "border", "borderRadius", "background"],
  "s-text": ["tone", "color", "type"],
  "s-paragraph": ["tone", "color", "type"],
  "s-heading": [],
  "s-divider": [],
  "s-spinner": ["size", "accessibilityLabel"],
  "s-badge": ["tone"],
  "s-link": ["href", "target", "tone", "accessibilityLabel"],
  "s-section": ["heading", "accessibilityLabel", "padding"],
  "s-banner": ["heading", "tone", "collapsible", "dismissible", "hidden"],
  "s-button": ["variant", "tone", "loading", "disabled", "href", "target", "type", "accessibilityLabel", "inlineSize"],
  "s-choice-list": ["name", "label", "values", "multiple", "disabled", "error", "variant", "labelAccessibilityVisibility"],
  "s-choice": ["value", "selected", "defaultSelected", "disabled", "accessibilityLabel", "error"],
  "s-text-field": TEXT_INPUT_PROPS,
  "s-text-area": [...TEXT_INPUT_PROPS, "rows"],
} as const;

export type CheckoutTag = keyof typeof ELEMENT_PROPS;

const NUMERIC_PROPS = new Set(["maxLength", "minLength", "rows"]);
const BOOLEAN_PROPS = new Set([
  "loading",
  "disabled",
  "multiple",
  "selected",
  "defaultSelected",
  "required",
  "readOnly",
  "collapsible",
  "dismissible",
  "hidden",
]);

const BASE_CSS = `
:host{box-sizing:border-box;font:inherit;color:inherit}
:host([hidden]){display:none!important}
.error{color:#d82c0d;font-size:13px;margin-top:4px}
label.field{display:block;font-size:14px;color:#545454;margin-bottom:4px}
input:not([type=radio]):not([type=checkbox]),textarea{box-sizing:border-box;width:100%;font:inherit;padding:10px 12px;border:1px solid #d9d9d9;border-radius:5px;background:#fff}
input:focus,textarea:focus,button:focus-visible,a:focus-visible{outline:2px solid #1773b0;outline-offset:1px}
`;

function attrName(prop: string) {
  return prop.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function defineCheckoutElements(win: Win = window): void {
  if (win.customElements.get("s-stack")) return;
  const { HTMLElement, customElements } = win;

  abstract class SElement extends HTMLElement {
    protected props: Record<string, unknown> = {};
    protected root: ShadowRoot;
    static tag: CheckoutTag;
    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
    }
    connectedCallback() {
      this.render();
    }
    private reflecting = false;
    /** Preact sets some props (href, …) as attributes, and so can plain HTML: read both. */
    protected get(name: string) {
      if (name in this.props) return this.props[name];
      const a = this.getAttribute(attrName(name)) ?? this.getAttribute(name.toLowerCase());
      if (a === null) return undefined;
      if (BOOLEAN_PROPS.has(name)) return a !== "false";
      if (NUMERIC_PROPS.has(name)) return Number(a);
      return a;
    }
    protected set(name: string, value: unknown) {
      this.props[name] = value;
      const attr = attrName(name);
      // Reflect simple values to attributes so CSS and tests can see them.
      this.reflecting = true;
      if (value === undefined || value === null || value === false) this.removeAttribute(attr);
      else if (typeof value !== "object") this.setAttribute(attr, value === true ? "" : String(value));
      this.reflecting = false;
      if (this.isConnected) this.render();
    }
    attributeChangedCallback() {
      if (!this.reflecting && this.isConnected) this.render();
    }
    abstract render(): void;
    protected css(extra: string) {
      return `<style>${BASE_CSS}${extra}</style>`;
    }
    protected emit(type: "change" | "input") {
      this.dispatchEvent(new win.Event(type, { bubbles: true }));
    }
  }

  function hasOwnAccessor(proto: object, name: string): boolean {
    for (let p: object | null = proto; p && p !== SElement.prototype; p = Object.getPrototypeOf(p))
      if (Object.getOwnPropertyDescriptor(p, name)?.get) return true;
    return false;
  }

  function withProps<T extends new () => SElement>(cls: T, tag: CheckoutTag): T {
    const names = ELEMENT_PROPS[tag] as readonly string[];
    Object.defineProperty(cls, "observedAttributes", {
      get: () => [...new Set(names.flatMap((n) => [attrName(n), n.toLowerCase()]))],
    });
    for (const name of ELEMENT_PROPS[tag] as readonly string[]) {
      if (name === "hidden") continue; // HTMLElement.hidden already reflects
      if (hasOwnAccessor(cls.prototype, name)) continue; // e.g. value / values with their own logic
      Object.defineProperty(cls.prototype, name, {
        configurable: true,
        get(this: SElement) {
          return (this as unknown as { get(n: string): unknown }).get(name);
        },
        set(this: SElement, v: unknown) {
          (this as unknown as { set(n: string, v: unknown): void }).set(name, BOOLEAN_PROPS.has(name) ? Boolean(v) : v);
        },
      });
    }
    return cls;
  }

  const esc = (s: unknown) =>
    String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  const GAP: Record<string, string> = {
    none: "0",
    "small-500": "2px",
    "small-400": "4px",
    "small-300": "6px",
    "small-200": "8px",
    "small-100": "10px",
    small: "12px",
    base: "16px",
    large: "20px",
    "large-100": "24px",
  };

  class SStack extends SElement {
    render() {
      const dir = this.get("direction") === "inline" ? "row" : "column";
      const gap = GAP[String(this.get("gap") ?? "none")] ?? "0";
      this.root.innerHTML = `${this.css(`:host{display:flex;flex-direction:${dir};gap:${gap};${dir === "row" ? "flex-wrap:wrap;align-items:center" : ""}}`)}<slot></slot>`;
    }
  }
  class SBox extends SElement {
    render() {
      this.root.innerHTML = `${this.css(":host{display:block}")}<slot></slot>`;
    }
  }
  const TONE: Record<string, string> = {
    critical: "#d82c0d",
    warning: "#8a6116",
    caution: "#8a6116",
    success: "#008060",
    info: "#1773b0",
    subdued: "#707070",
  };
  class SText extends SElement {
    render() {
      const color = TONE[String(this.get("tone"))] ?? (this.get("color") === "subdued" ? TONE.subdued : "inherit");
      this.root.innerHTML = `${this.css(`:host{display:inline;color:${color}}`)}<slot></slot>`;
    }
  }
  class SParagraph extends SText {
    render() {
      super.render();
      this.root.querySelector("style")!.textContent += ":host{display:block;margin:0}";
    }
  }
  class SHeading extends SElement {
    render() {
      this.root.innerHTML = `${this.css(":host{display:block}h2{font-size:17px;margin:0}")}<h2 part="heading"><slot></slot></h2>`;
    }
  }
  class SDivider extends SElement {
    render() {
      this.root.innerHTML = `${this.css(":host{display:block;border-top:1px solid #dedede}")}`;
    }
  }
  class SSpinner extends SElement {
    render() {
      this.root.innerHTML = `${this.css(":host{display:inline-block}")}<span role="progressbar" aria-label="${esc(this.get("accessibilityLabel") ?? "Loading")}">…</span>`;
    }
  }
  class SBadge extends SElement {
    render() {
      this.root.innerHTML = `${this.css(":host{display:inline-block;padding:2px 8px;border-radius:10px;background:#f1f1f1;font-size:13px}")}<slot></slot>`;
    }
  }
  class SLink extends SElement {
    render() {
      const label = this.get("accessibilityLabel");
      this.root.innerHTML = `${this.css("a{color:#1773b0;text-decoration:underline}")}<a part="link" href="${esc(this.get("href") ?? "")}" target="${esc(this.get("target") === "auto" ? "" : (this.get("target") ?? ""))}"${label ? ` aria-label="${esc(label)}"` : ""}${this.get("target") === "_blank" ? ' rel="noopener"' : ""}><slot></slot></a>`;
    }
  }
  class SSection extends SElement {
    render() {
      const heading = this.get("heading");
      this.root.innerHTML = `${this.css(":host{display:block;border:1px solid #dedede;border-radius:5px;padding:16px}h2{font-size:17px;margin:0 0 12px}")}<section aria-label="${esc(this.get("accessibilityLabel") ?? heading ?? "")}">${heading ? `<h2>${esc(heading)}</h2>` : ""}<slot></slot></section>`;
    }
  }
  class SBanner extends SElement {
    render() {
      const tone = String(this.get("tone") ?? "info");
      const bg: Record<string, string> = { critical: "#fff4f4", warning: "#fff5ea", success: "#f1f8f5", info: "#f0f8ff" };
      const heading = this.get("heading");
      this.root.innerHTML = `${this.css(`:host{display:block}div{padding:12px 16px;border-radius:5px;background:${bg[tone] ?? bg.info};border:1px solid ${TONE[tone] ?? TONE.info}}strong{display:block}`)}<div role="${tone === "critical" ? "alert" : "status"}">${heading ? `<strong>${esc(heading)}</strong>` : ""}<slot></slot></div>`;
    }
  }
  class SButton extends SElement {
    constructor() {
      super();
      // A disabled or loading button does not click (the native <button> would not either).
      this.addEventListener(
        "click",
        (e) => {
          if (this.get("disabled") || this.get("loading")) e.stopImmediatePropagation();
          else if (this.get("href")) win.open(String(this.get("href")), String(this.get("target") ?? "_self"));
        },
        { capture: true },
      );
    }
    render() {
      const variant = String(this.get("variant") ?? "auto");
      const primary = variant === "primary" || variant === "auto";
      const busy = !!this.get("loading");
      const label = this.get("accessibilityLabel");
      this.root.innerHTML = `${this.css(`:host{display:inline-block}button{font:inherit;padding:12px 20px;border-radius:5px;cursor:pointer;border:1px solid ${primary ? "#1773b0" : "#d9d9d9"};background:${primary ? "#1773b0" : "#fff"};color:${primary ? "#fff" : "#1773b0"}}button[disabled]{opacity:.6;cursor:default}`)}<button part="button" type="button"${this.get("disabled") || busy ? " disabled" : ""}${busy ? ' aria-busy="true"' : ""}${label ? ` aria-label="${esc(label)}"` : ""}>${busy ? "…" : "<slot></slot>"}</button>`;
    }
  }

  class SChoice extends SElement {
    /** Set by the parent list. */
    multiple = false;
    name = "";
    render() {
      const type = this.multiple ? "checkbox" : "radio";
      const label = this.get("accessibilityLabel");
      this.root.innerHTML = `${this.css(`:host{display:block}label{display:flex;gap:8px;align-items:center;justify-content:flex-start;text-align:start;cursor:pointer;padding:6px 0}input{flex:none;width:18px;height:18px;margin:0;accent-color:#1773b0}span{flex:0 1 auto}`)}<label><input type="${type}" name="${esc(this.name)}" value="${esc(this.get("value") ?? "")}"${this.get("selected") ? " checked" : ""}${this.get("disabled") ? " disabled" : ""}${label ? ` aria-label="${esc(label)}"` : ""}><span><slot></slot></span></label>`;
      const input = this.root.querySelector("input")!;
      input.addEventListener("change", (e) => {
        e.stopPropagation();
        (this.parentElement as SChoiceList | null)?.choiceToggled?.(this, input.checked);
      });
      input.addEventListener("input", (e) => e.stopPropagation());
    }
  }

  class SChoiceList extends SElement {
    private observer = new win.MutationObserver(() => this.sync());
    connectedCallback() {
      super.connectedCallback();
      this.observer.observe(this, { childList: true });
    }
    disconnectedCallback() {
      this.observer.disconnect();
    }
    get values(): string[] {
      return ((this.get("values") as string[] | undefined) ?? []).slice();
    }
    set values(v: string[]) {
      this.props.values = Array.isArray(v) ? v.map(String) : [];
      this.sync();
    }
    choices(): SChoice[] {
      return Array.from(this.children).filter((c): c is SChoice => c instanceof SChoice);
    }
    choiceToggled(choice: SChoice, checked: boolean) {
      const value = String((choice as unknown as { value?: string }).value ?? "");
      const multiple = !!this.get("multiple");
      const next = multiple
        ? checked
          ? [...new Set([...this.values, value])]
          : this.values.filter((x) => x !== value)
        : checked
          ? [value]
          : [];
      this.props.values = next;
      this.sync();
      this.emit("input");
      this.emit("change");
    }
    sync() {
      const values = this.values;
      const multiple = !!this.get("multiple");
      const name = String(this.get("name") ?? "") || `choices-${Math.random().toString(36).slice(2, 8)}`;
      for (const c of this.choices()) {
        c.multiple = multiple;
        c.name = name;
        (c as unknown as { selected: boolean }).selected = values.includes(
          String((c as unknown as { value?: string }).value ?? ""),
        );
      }
    }
    render() {
      const inline = this.get("variant") === "inline";
      const error = this.get("error");
      const hideLabel = this.get("labelAccessibilityVisibility") === "exclusive";
      this.root.innerHTML = `${this.css(`:host{display:block}fieldset{border:0;margin:0;padding:0}legend{padding:0;margin-bottom:6px;${hideLabel ? "position:absolute;clip:rect(0 0 0 0);" : ""}}.opts{display:flex;flex-direction:${inline ? "row" : "column"};flex-wrap:wrap;gap:${inline ? "4px 10px" : "0"}}`)}<fieldset${error ? ' aria-invalid="true"' : ""}><legend>${esc(this.get("label") ?? "")}</legend><div class="opts"><slot></slot></div>${error ? `<div class="error" role="alert">${esc(error)}</div>` : ""}</fieldset>`;
      this.sync();
    }
  }

  class STextField extends SElement {
    protected multiline = false;
    get value(): string {
      return String(this.get("value") ?? "");
    }
    set value(v: string) {
      this.props.value = v ?? "";
      const input = this.root.querySelector<HTMLInputElement | HTMLTextAreaElement>("input,textarea");
      if (input && input.value !== this.props.value) input.value = String(this.props.value);
      else if (!input && this.isConnected) this.render();
    }
    render() {
      const id = "f";
      const error = this.get("error");
      const max = this.get("maxLength");
      const common = `id="${id}" name="${esc(this.get("name") ?? "")}" placeholder="${esc(this.get("placeholder") ?? "")}"${max ? ` maxlength="${Number(max)}"` : ""}${this.get("required") ? " required" : ""}${this.get("disabled") ? " disabled" : ""}${this.get("readOnly") ? " readonly" : ""}${error ? ' aria-invalid="true" aria-describedby="err"' : ""}`;
      const field = this.multiline
        ? `<textarea ${common} rows="${Number(this.get("rows") ?? 2)}"></textarea>`
        : `<input type="text" ${common}>`;
      this.root.innerHTML = `${this.css(":host{display:block}")}<label class="field" for="${id}">${esc(this.get("label") ?? "")}</label>${field}${error ? `<div class="error" id="err">${esc(error)}</div>` : ""}`;
      const input = this.root.querySelector<HTMLInputElement | HTMLTextAreaElement>("input,textarea")!;
      input.value = this.value;
      input.addEventListener("input", (e) => {
        e.stopPropagation();
        this.props.value = input.value;
        this.emit("input");
      });
      input.addEventListener("change", (e) => {
        e.stopPropagation();
        this.props.value = input.value;
        this.emit("change");
      });
    }
  }
  class STextArea extends STextField {
    protected multiline = true;
  }

  const classes: Array<[CheckoutTag, new () => SElement]> = [
    ["s-stack", SStack],
    ["s-box", SBox],
    ["s-text", SText],
    ["s-paragraph", SParagraph],
    ["s-heading", SHeading],
    ["s-divider", SDivider],
    ["s-spinner", SSpinner],
    ["s-badge", SBadge],
    ["s-link", SLink],
    ["s-section", SSection],
    ["s-banner", SBanner],
    ["s-button", SButton],
    ["s-choice-list", SChoiceList],
    ["s-choice", SChoice],
    ["s-text-field", STextField],
    ["s-text-area", STextArea],
  ];
  for (const [tag, cls] of classes) customElements.define(tag, withProps(cls, tag));
}
