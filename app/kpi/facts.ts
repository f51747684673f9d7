// Names of the hot-path counter facts (counters.server.ts) that KPIs aggregate.
export const ADMIN_CALLS_FACT = "admin_calls";
export const WEBHOOK_ACK_FACT = "webhook_ack";
