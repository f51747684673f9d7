// Shows an action's result as an admin toast (App Bridge's `shopify.toast`) once per result.
import { useEffect } from "react";

type Toaster = { toast?: { show(message: string, options?: { isError?: boolean; duration?: number }): void } };

export function useResultToast(result: { ok: boolean; message?: string; error?: string } | undefined) {
  useEffect(() => {
    if (!result) return;
    const text = result.ok ? result.message : result.error;
    const bridge = (globalThis as { shopify?: Toaster }).shopify;
    if (text) bridge?.toast?.show(text, { isError: !result.ok });
  }, [result]);
}
