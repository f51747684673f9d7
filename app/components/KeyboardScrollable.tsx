// Polaris DataTable scrolls sideways in a box that keyboard users cannot reach when its cells hold
// nothing focusable (axe: scrollable-region-focusable). This makes that box a named, focusable
// region, so it can be scrolled with the arrow keys.
import { useEffect, useRef, type ReactNode } from "react";

export function KeyboardScrollable({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const box of ref.current?.querySelectorAll<HTMLElement>(".Polaris-DataTable__ScrollContainer") ?? []) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label);
    }
  });
  return <div ref={ref}>{children}</div>;
}
