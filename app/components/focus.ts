// An empty state's call to action when the form it points to is already on the page: bring the
// form's first field into view and put the cursor in it.
export function focusField(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  el.focus({ preventScroll: true });
}
