// Why a subscriber was not mailed (recorded on every RestockDelivery with outcome "suppressed").
export const SUPPRESSION_REASONS = {
  unsubscribed: "Unsubscribed",
  consent_missing: "Consent missing",
  not_confirmed: "Not confirmed (double opt-in)",
  already_notified: "Already notified for this restock",
  restock_too_small: "Restock too small for the batch",
  sold_out_again: "Sold out again before the batch",
  shop_uninstalled: "Shop uninstalled",
  address_bounced: "Address bounced",
  rate_limit: "Rate limit",
  mail_not_configured: "Mail not configured (SMTP_URL)",
} as const;

export type SuppressionReason = keyof typeof SUPPRESSION_REASONS;
