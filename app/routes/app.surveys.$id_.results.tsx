// Admin: survey results. Responses, response rate against orders seen, per-question bars,
// NPS with promoters / passives / detractors, free-text answers with search, a date range,
// and CSV export (app.surveys.$id_.export[.csv].tsx).
import { useState } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import type { Bar } from "../surveys/stats";
import { parseFilter } from "../surveys/filter";
import { getSurvey, surveyResults } from "../surveys/surveys.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  const found = await getSurvey(session.shop, id);
  if (!found) throw new Response("Survey not found", { status: 404 });
  const filter = parseFilter(new URL(request.url).searchParams);
  const results = (await surveyResults(session.shop, id, filter.errors.length ? {} : filter))!;
  return {
    survey: { id, title: found.survey.title },
    errors: filter.errors,
    results: { ...results, matches: results.matches.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) },
  };
};

function Bars({ bars, total, label }: { bars: Bar[]; total: number; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <table aria-label={label} style={{ width: "100%", borderCollapse: "collapse" }}>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key}>
            <th
              scope="row"
              style={{ textAlign: "left", fontWeight: 400, padding: "2px 8px 2px 0", width: "35%", whiteSpace: "nowrap" }}
            >
              {b.label}
            </th>
            <td style={{ padding: "2px 0" }}>
              <div
                aria-hidden="true"
                style={{
                  height: 14,
                  width: `${(b.count / max) * 100}%`,
                  minWidth: b.count ? 2 : 0,
                  background: "var(--p-color-bg-fill-info, #2c6ecb)",
                  borderRadius: 3,
                }}
              />
            </td>
            <td style={{ textAlign: "right", padding: "2px 0 2px 8px", width: 90, whiteSpace: "nowrap" }}>
              {b.count} {total ? `(${Math.round((b.count / total) * 100)}%)` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function SurveyResultsPage() {
  const { survey, results, errors } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [from, setFrom] = useState(params.get("from") ?? "");
  const [to, setTo] = useState(params.get("to") ?? "");
  const [q, setQ] = useState(params.get("q") ?? "");
  const [exportError, setExportError] = useState<string | null>(null);

  // Embedded admin: fetch (App Bridge adds the session token) and hand the file to the browser.
  const exportCsv = async () => {
    setExportError(null);
    const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    const res = await fetch(`/app/surveys/${survey.id}/export.csv?${query}`);
    if (!res.ok) return setExportError(`Export failed (${res.status}).`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = `survey-${survey.id}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const rate = results.responseRate === null ? "–" : `${results.responseRate}%`;
  return (
    <Page
      backAction={{ content: "Surveys", url: "/app/surveys" }}
      title={`Results: ${survey.title}`}
      secondaryActions={[{ content: "Export CSV", onAction: exportCsv }]}
    >
      <TitleBar title="Survey results" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.map((e) => (
              <Banner key={e} tone="critical" title={e} />
            ))}
            {exportError ? <Banner tone="critical" title={exportError} /> : null}
            <Card>
              <Form method="get">
                <InlineStack gap="300" blockAlign="end">
                  <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                  <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                  <Box minWidth="240px">
                    <TextField label="Search text answers" name="q" value={q} onChange={setQ} autoComplete="off" />
                  </Box>
                  <Button submit>Apply</Button>
                </InlineStack>
              </Form>
            </Card>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <Stat label="Responses" value={String(results.responses)} />
              <Stat label="Orders seen" value={String(results.ordersSeen)} />
              <Stat label="Shown" value={String(results.shown)} />
              <Stat label="Response rate" value={rate} />
            </InlineGrid>
            {results.nps ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Net Promoter Score: {results.nps.score}
                  </Text>
                  <Text as="p">
                    {results.nps.promoters} promoters (9–10) · {results.nps.passives} passives (7–8) · {results.nps.detractors}{" "}
                    detractors (0–6) of {results.nps.responses}
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
            {results.questions.map((q) => (
              <Card key={q.id}>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {q.label}
                  </Text>
                  <Text as="p" tone="subdued">
                    {q.answered} {q.answered === 1 ? "answer" : "answers"}
                    {q.type === "rating" && q.average !== null ? ` · average ${q.average} / 5` : ""}
                    {q.type === "nps" && q.nps.score !== null ? ` · NPS ${q.nps.score}` : ""}
                  </Text>
                  {"bars" in q ? <Bars bars={q.bars} total={q.answered} label={q.label} /> : null}
                  {q.type === "single" || q.type === "multiple"
                    ? q.other.length > 0 && (
                        <Text as="p" tone="subdued">
                          Other: {q.other.slice(0, 10).join(" · ")}
                        </Text>
                      )
                    : null}
                </BlockStack>
              </Card>
            ))}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Text answers{params.get("q") ? ` matching “${params.get("q")}”` : ""}
                </Text>
                {results.matches.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No text answers{params.get("q") ? " match" : " yet"}.
                  </Text>
                ) : (
                  <ul aria-label="Text answers" style={{ margin: 0, paddingLeft: 18 }}>
                    {results.matches.slice(0, 200).map((m, i) => (
                      <li key={`${m.id}-${i}`}>
                        <Text as="span">“{m.text}”</Text>{" "}
                        <Text as="span" tone="subdued">
                          {m.question} · order {m.orderId} · {m.createdAt.slice(0, 10)}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
