// A KPI's trend as a Polaris Viz spark line. Polaris Viz needs the browser, so the chart is
// drawn after hydration into a box of fixed height (no layout shift); until then the box shows
// a skeleton.
import { useEffect, useState } from "react";
import { SkeletonBodyText } from "@shopify/polaris";
import { PolarisVizProvider, SparkLineChart } from "@shopify/polaris-viz";
import type { KpiSeries } from "../kpi/types";

export function TrendChart({ series, label, height, testId }: { series: KpiSeries[]; label: string; height: number; testId: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const data = series.map((s) => ({ name: s.name, data: s.points.map((p) => ({ key: p.bucket, value: p.value })) }));
  const hasPoints = series.some((s) => s.points.some((p) => p.value !== null));
  return (
    <div style={{ height }} data-testid={testId} data-points={hasPoints ? "yes" : "no"} data-buckets={series[0]?.points.length ?? 0} role="img" aria-label={label}>
      {mounted ? (
        <PolarisVizProvider>
          <SparkLineChart data={data} isAnimated={false} accessibilityLabel={label} />
        </PolarisVizProvider>
      ) : (
        <div style={{ height, overflow: "hidden" }} aria-hidden="true">
          <SkeletonBodyText lines={2} />
        </div>
      )}
    </div>
  );
}
