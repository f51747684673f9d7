// Number formats of the admin pages (KPI tiles, tables). Pure; used on server and client.
import type { KpiFormat } from "../kpi/types";

const NUMBER = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round((s / 3600) * 10) / 10} h`;
  return `${Math.round((s / 86_400) * 10) / 10} d`;
}

export function formatKpi(value: number | null | undefined, format: KpiFormat, currency = "USD"): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  switch (format) {
    case "percent":
      return `${NUMBER.format(value)} %`;
    case "ms":
      return value < 1000 ? `${Math.round(value)} ms` : `${NUMBER.format(Math.round(value / 100) / 10)} s`;
    case "duration":
      return formatDuration(value);
    case "money":
      return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(value);
    case "score":
      return value > 0 ? `+${Math.round(value)}` : String(Math.round(value)).replace("-", "−");
    default:
      return NUMBER.format(value);
  }
}

export function formatWhen(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function formatAge(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? "under a second" : formatDuration(ms);
}
