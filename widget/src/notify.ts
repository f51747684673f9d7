// The back-in-stock sign-up form's script (assets/stockroom-notify.js), imported by the loader
// only when a sold-out variant is shown. Plain TS, no Preact. The form itself is rendered by
// blocks/stock.liquid (labels, consent text, live region), so it works with the keyboard and
// screen readers before this arrives; this adds validation messages tied to the fields
// (aria-invalid + aria-describedby, focus on the first problem) and posts through the app proxy.
import type { NotifyMessages } from "./types";

export interface NotifyHandle {
  variant(id: string): void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function attach(form: HTMLFormElement, msgs: NotifyMessages): NotifyHandle {
  const field = (name: string) => form.querySelector<HTMLInputElement>(`[name='${name}']`)!;
  const email = field("email");
  const consent = field("consent");
  const button = form.querySelector<HTMLButtonElement>("button[type='submit']");
  const out = form.querySelector<HTMLElement>(".stockroom-notify__msg")!;
  let busy = false;

  const say = (text: string, kind: "ok" | "error" | "") => {
    out.textContent = text;
    out.setAttribute("data-kind", kind);
  };
  const invalid = (input: HTMLInputElement, bad: boolean) => {
    if (bad) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  };
  const reset = () => {
    form.removeAttribute("data-done");
    say("", "");
    invalid(email, false);
    invalid(consent, false);
    if (button) button.disabled = false;
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy || form.hasAttribute("data-done")) return;
    const badEmail = !EMAIL.test(email.value.trim());
    const badConsent = !consent.checked;
    invalid(email, badEmail);
    invalid(consent, badConsent);
    if (badEmail || badConsent) {
      say(badEmail ? msgs.email : msgs.consent, "error");
      (badEmail ? email : consent).focus();
      return;
    }
    busy = true;
    if (button) button.disabled = true;
    try {
      const res = await fetch(form.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString(),
        credentials: "same-origin",
      });
      const data = (await res.json().catch(() => ({}))) as { confirm?: boolean; error?: string };
      if (res.ok) {
        form.setAttribute("data-done", "");
        say(data.confirm ? msgs.okConfirm : msgs.ok, "ok");
        return;
      }
      const text = res.status === 429 ? msgs.rate : data.error === "invalid_email" ? msgs.email : data.error === "consent_missing" ? msgs.consent : msgs.error;
      if (data.error === "invalid_email") invalid(email, true);
      if (data.error === "consent_missing") invalid(consent, true);
      say(text, "error");
    } catch {
      say(msgs.error, "error");
    } finally {
      busy = false;
      if (button && !form.hasAttribute("data-done")) button.disabled = false;
    }
  });
  email.addEventListener("input", () => invalid(email, false));
  consent.addEventListener("change", () => invalid(consent, false));

  let current = "";
  return {
    variant(id) {
      if (id !== current && current) reset(); // another variant: a fresh form
      current = id;
    },
  };
}
