// GET /metrics — Prometheus scrape endpoint (README: "Metrics and tracing"), bearer-token protected.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { metricsResponse } from "../observability/metrics-endpoint.server";

export const loader = ({ request }: LoaderFunctionArgs) => metricsResponse(request);
