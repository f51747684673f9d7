import type { SerializeFrom } from "@remix-run/node";
import type { groupSkus, syncOverview } from "../../sync/overview.server";

export type GroupView = SerializeFrom<Awaited<ReturnType<typeof syncOverview>>["groups"][number]>;
export type SkuPage = SerializeFrom<Awaited<ReturnType<typeof groupSkus>>>;
export type ImportView = SerializeFrom<Awaited<ReturnType<typeof syncOverview>>["imports"][number]>;
export type Option = { label: string; value: string };
