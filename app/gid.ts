// Shopify global ids. Webhook payloads carry numeric ids; the Admin API speaks gids. The app
// stores gids everywhere so both sides compare equal.
export function gid(type: string, id: number | string): string {
  const s = String(id);
  return s.startsWith("gid://") ? s : `gid://shopify/${type}/${s}`;
}

export function numericId(gidOrId: string | number): string {
  const s = String(gidOrId);
  const match = /\/(\d+)(\?.*)?$/.exec(s);
  return match ? match[1] : s;
}
