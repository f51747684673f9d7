// Who did it: the staff member behind the admin request's online session (name and email),
// for the exception trail of overrides and assignments. Falls back to the shop for an offline
// session (which admin pages do not use: useOnlineTokens is on).
import type { Session } from "@shopify/shopify-api";

export function staffMember(session: Pick<Session, "shop" | "onlineAccessInfo">): string {
  const u = session.onlineAccessInfo?.associated_user;
  if (!u) return session.shop;
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ").trim();
  if (name && u.email) return `${name} <${u.email}>`;
  return name || u.email || `staff ${u.id} (${session.shop})`;
}
