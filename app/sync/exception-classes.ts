// Shared by server modules and the Exceptions page's client code.
export const EXCEPTION_CLASSES = ["drift", "write_failed", "sku_conflict", "unknown_sku", "oversell", "missing_scope", "stale_feed", "feed_suspect"] as const;
export type ExceptionClass = (typeof EXCEPTION_CLASSES)[number];
