// Serializes a Preact element tree to HTML (elements, text, fragments, function components; no
// hooks or state). The admin's previews use it to server-render the storefront's own Preact
// markup, so the page has its final size at first paint and Preact then takes over the same DOM.
import { Fragment, type VNode } from "preact";

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
// As the HTML serializer escapes: text &, <, >; attribute values &, ".
const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const text = (s: string) => s.replace(/[&<>]/g, (c) => ESC[c]);
const attr = (s: string) => s.replace(/[&"]/g, (c) => ESC[c]);

export function preactToHtml(node: unknown): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return text(String(node));
  if (Array.isArray(node)) return node.map(preactToHtml).join("");
  const v = node as VNode<Record<string, unknown>>;
  if (v.type === Fragment) return preactToHtml(v.props.children);
  if (typeof v.type === "function") return preactToHtml((v.type as (p: unknown) => unknown)(v.props));
  const tag = String(v.type);
  let attrs = "";
  for (const [k, val] of Object.entries(v.props)) {
    if (k === "children" || k === "dangerouslySetInnerHTML" || val === null || val === undefined || val === false || typeof val === "function") continue;
    const name = k === "className" ? "class" : k;
    attrs += ` ${name}="${val === true ? "" : attr(String(val))}"`;
  }
  if (VOID.has(tag)) return `<${tag}${attrs}>`;
  return `<${tag}${attrs}>${preactToHtml(v.props.children)}</${tag}>`;
}
