// Survey results: responses, response rate against orders seen, NPS with promoters / passives /
// detractors, per-question bars, the text answers (searchable, paginated), a date range and CSV
// export. With no answer yet it says what to do next.
import { useState } from "react";
import { Form, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, Pagination, Text, TextField } from "@shopify/polaris";
import type { Bar } from "../../surveys/stats";
import { EmptyCard } from "../EmptyCard";
import { useDownload } from "../useDownload";

type Summary =
  | { id: string; type: "single" | "multiple"; label: string; answered: number; bars: Bar[]; other: string[] }
  | { id: string; type: "rating"; label: string; answered: number; bars: Bar[]; average: number | null }
  | { id: string; type: "nps"; label: string; answered: number; bars: Bar[]; nps: { score: number | null } }
  | { id: string; type: "text"; label: string; answered: number };

export interface SurveyResultsData {
  survey: { id: string; title: string; enabled: boolean };
  errors: string[];
  filtered: boolean;
  results: {
    responses: number;
    shown: number;
    ordersSeen: number;
    responseRate: number | null;
    nps: { score: number | null; promoters: number; passives: number; detractors: number; responses: number } | null;
    questions: Summary[];
    matches: { id: string; orderId: string; createdAt: string; question: string; text: string }[];
    matchCount: number;
    page: number;
    pages: number;
  };
}

function Bars({ bars, total, label }: { bars: Bar[]; total: number; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <table aria-label={label} style={{ width: "100%", borderCollapse: "collapse" }}>
      <tbody>
        {bars.map((b) => (
          <tr key={b.key}>
            <th scope="row" style={{ textAlign: "left", fontWeight: 400, padding: "2px 8px 2px 0", width: "35%", whiteSpace: "nowrap" }}>
              {b.label}
            </th>
            <td style={{ padding: "2px 0" }}>
              <div aria-hidden="true" style={{ height: 14, width: `${(b.count / max) * 100}%`, minWidth: b.count ? 2 : 0, background: "var(--p-color-bg-fill-info, #2c6ecb)", borderRadius: 3 }} />
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

export function SurveyResultsPage({ data }: { data: SurveyResultsData }) {
  const { survey, results, errors } = data;
  const [params, setParams] = useSearchParams();
  const [from, setFrom] = useState(params.get("from") ?? "");
  const [to, setTo] = useState(params.get("to") ?? "");
  const [q, setQ] = useState(params.get("q") ?? "");
  const { download, error: exportError } = useDownload();
  const search = params.get("q");
  const exportCsv = () => {
    const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
    return download(`/app/surveys/${survey.id}/export.csv?${query}`, `survey-${survey.id}.csv`);
  };
  const goPage = (p: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(p));
    setParams(next, { preventScrollReset: true });
  };
  const rate = results.responseRate === null ? "–" : `${results.responseRate}%`;
  const nothingYet = results.responses === 0 && !data.filtered;

  return (
    <Page backAction={{ content: "Surveys", url: "/app/surveys" }} title={`Results: ${survey.title}`} secondaryActions={[{ content: "Export CSV", onAction: exportCsv }]}>
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
            {nothingYet ? (
              <Card>
                <EmptyCard
                  heading="No answers yet"
                  testId="results-empty"
                  action={<Button url={survey.enabled ? `/app/surveys/${survey.id}` : "/app/surveys"} variant="primary">{survey.enabled ? "Edit the survey" : "Turn the survey on"}</Button>}
                >
                  {survey.enabled
                    ? "The survey is on. Answers appear here after buyers reach the Thank you or Order status page with the survey block added in the checkout editor."
                    : "The survey is off. Turn it on in the surveys list and add the “Stockroom post-purchase survey” block in the checkout editor."}
                </EmptyCard>
              </Card>
            ) : (
              <>
                {results.nps ? (
                  <Card>
                    <BlockStack gap="200">
                      <Text as="h2" variant="headingMd">
                        Net Promoter Score: {results.nps.score}
                      </Text>
                      <Text as="p">
                        {results.nps.promoters} promoters (9–10) · {results.nps.passives} passives (7–8) · {results.nps.detractors} detractors (0–6) of {results.nps.responses}
                      </Text>
                    </BlockStack>
                  </Card>
                ) : null}
                {results.questions.map((qs) => (
                  <Card key={qs.id}>
                    <BlockStack gap="200">
                      <Text as="h2" variant="headingMd">
                        {qs.label}
                      </Text>
                      <Text as="p" tone="subdued">
                        {qs.answered} {qs.answered === 1 ? "answer" : "answers"}
                        {qs.type === "rating" && qs.average !== null ? ` · average ${qs.average} / 5` : ""}
                        {qs.type === "nps" && qs.nps.score !== null ? ` · NPS ${qs.nps.score}` : ""}
                      </Text>
                      {"bars" in qs ? <Bars bars={qs.bars} total={qs.answered} label={qs.label} /> : null}
                      {(qs.type === "single" || qs.type === "multiple") && qs.other.length > 0 ? (
                        <Text as="p" tone="subdued">
                          Other: {qs.other.slice(0, 10).join(" · ")}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </Card>
                ))}
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Text answers{search ? ` matching “${search}”` : ""} ({results.matchCount})
                    </Text>
                    {results.matches.length === 0 ? (
                      <Text as="p" tone="subdued">
                        No text answers{search ? " match" : " yet"}.
                      </Text>
                    ) : (
                      <ul aria-label="Text answers" style={{ margin: 0, padding: 0, listStyle: "none" }}>
                        {results.matches.map((m, i) => (
                          <li key={`${m.id}-${i}`} style={{ padding: "var(--p-space-200) 0", borderTop: i ? "1px solid var(--p-color-border-secondary)" : undefined }}>
                            <BlockStack gap="050">
                              <Text as="span">“{m.text}”</Text>
                              <Text as="span" tone="subdued" variant="bodySm">
                                {m.question} · order {m.orderId} · {m.createdAt.slice(0, 10)}
                              </Text>
                            </BlockStack>
                          </li>
                        ))}
                      </ul>
                    )}
                    {results.pages > 1 && (
                      <InlineStack align="center">
                        <Pagination
                          hasPrevious={results.page > 1}
                          onPrevious={() => goPage(results.page - 1)}
                          hasNext={results.page < results.pages}
                          onNext={() => goPage(results.page + 1)}
                          label={`Page ${results.page} of ${results.pages}`}
                        />
                      </InlineStack>
                    )}
                  </BlockStack>
                </Card>
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
