// The "Storefront widget" page: how to add the app block (theme editor deep link), the shop's
// widget settings, alternative rules and manual picks, and a live preview of every state
// rendered by the storefront's own Preact component (widget/src/StockWidget.ts).
import { useEffect, useMemo, useRef, useState } from "react";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import enStrings from "../../extensions/stock-widget/locales/en.default.json";
import { ALL_RULES, type AlternativeRule } from "../storefront/alternatives";
import type { PreviewAlternative, widgetAdminData } from "../storefront/widget-admin.server";
import { h } from "preact";
import { renderWidget, StockWidget } from "../../widget/src/StockWidget";
import { formatMessage, STOCK_STATES, type StockState } from "../../widget/src/state";
import { EmptyCard } from "./EmptyCard";
import { preactToHtml } from "./preact-html";
import type { WidgetView } from "../../widget/src/types";

const RULE_LABELS: Record<AlternativeRule, string> = {
  manual: "Manual picks (below)",
  collection: "Same collection",
  type: "Same product type",
  tags: "Shared tags",
  vendor: "Same vendor",
};

const STATE_LABELS: Record<StockState, string> = {
  in_stock: "In stock",
  low: "Low stock",
  sold_out: "Sold out",
  continue: "Sold out, still orderable",
  untracked: "Not tracked",
};

const SAMPLE_COUNT: Record<StockState, number | null> = { in_stock: 24, low: 3, sold_out: 0, continue: 0, untracked: null };

type Strings = typeof enStrings.stockroom;

function defaultMessage(state: StockState, showCount: boolean, t: Strings): string {
  if (state === "in_stock") return showCount ? t.in_stock_count : t.in_stock;
  if (state === "low") return showCount ? t.low_count : t.low;
  return t[state];
}

interface FormState {
  threshold: string;
  showCount: boolean;
  style: "inline" | "badge" | "bar";
  messages: Partial<Record<StockState, string>>;
  alternativesEnabled: boolean;
  alternativesLimit: string;
  rules: AlternativeRule[];
}

/** The storefront's Preact widget: server-rendered markup first (so the preview column has its
 *  final height at first paint), then the widget's own renderWidget() takes over that DOM. */
function WidgetPreview({ view }: { view: WidgetView }) {
  const ref = useRef<HTMLDivElement>(null);
  // Only the first render's markup is given to React; later views are Preact's to render.
  const [first] = useState(() => ({ __html: preactToHtml(h(StockWidget, { view })) }));
  useEffect(() => {
    if (ref.current) renderWidget(ref.current, view);
  }, [view]);
  return <div ref={ref} className={`stockroom stockroom--${view.style}`} data-state={view.state} data-testid={`preview-${view.state}`} dangerouslySetInnerHTML={first} />;
}

type AdminData = Awaited<ReturnType<typeof widgetAdminData>>;

export type WidgetPageData = Pick<AdminData, "settings" | "picks" | "products" | "catalogProducts" | "previewAlternatives"> & { editorUrl: string; q: string };

export type WidgetActionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

export function WidgetSettingsPage({ data, result }: { data: WidgetPageData; result?: WidgetActionResult }) {
  const { settings, picks, products, catalogProducts, previewAlternatives, editorUrl, q } = data;
  const nav = useNavigation();
  const submit = useSubmit();
  const [f, setF] = useState<FormState>({
    threshold: String(settings.threshold),
    showCount: settings.showCount,
    style: settings.style,
    messages: settings.messages,
    alternativesEnabled: settings.alternativesEnabled,
    alternativesLimit: String(settings.alternativesLimit),
    rules: settings.rules,
  });
  const [search, setSearch] = useState(q);
  const [pickFor, setPickFor] = useState(products[0]?.productId ?? "");
  const [pickAlt, setPickAlt] = useState(products[1]?.productId ?? "");
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const t = enStrings.stockroom;

  const views = useMemo(
    () =>
      STOCK_STATES.map<WidgetView>((state) => ({
        state,
        message: formatMessage(f.messages[state] || defaultMessage(state, f.showCount, t), f.showCount ? SAMPLE_COUNT[state] : null),
        style: f.style,
        alternativesEnabled: f.alternativesEnabled,
        alternatives: (previewAlternatives as PreviewAlternative[]).slice(0, Number(f.alternativesLimit) || 4),
        labels: { heading: t.alternatives_heading, region: t.alternatives_label },
      })),
    [f, previewAlternatives, t],
  );

  const save = () => {
    const fd = new FormData();
    fd.set("intent", "settings");
    fd.set("threshold", f.threshold);
    fd.set("showCount", String(f.showCount));
    fd.set("style", f.style);
    fd.set("alternativesEnabled", String(f.alternativesEnabled));
    fd.set("alternativesLimit", f.alternativesLimit);
    fd.set("rules", f.rules.join(","));
    for (const s of STOCK_STATES) fd.set(`msg_${s}`, f.messages[s] ?? "");
    submit(fd, { method: "post" });
  };

  const productOptions = products.map((p) => ({ label: p.title, value: p.productId }));

  return (
    <Page title="Storefront widget" subtitle="Live stock on product pages, with in-stock alternatives">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok && <Banner tone="success">{result.message}</Banner>}
            {errors.intent && <Banner tone="critical">{errors.intent}</Banner>}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Add the live-stock block to your product page
                </Text>
                <List type="number">
                  <List.Item>Open the theme editor on your product template (button below).</List.Item>
                  <List.Item>The "Live stock" block is added to the main product section; drag it under the price or buy buttons.</List.Item>
                  <List.Item>Adjust its threshold, messages, style and alternatives in the block settings, then save the theme.</List.Item>
                </List>
                <InlineStack>
                  <Button url={editorUrl} target="_blank" variant="primary">
                    Add block in theme editor
                  </Button>
                </InlineStack>
                <Text as="p" tone="subdued">
                  The block's own settings decide what shoppers see. The settings below are the shop's defaults for the preview, what the
                  stock endpoint may reveal (counts are never sent when "Show exact count" is off here) and how alternatives are chosen.
                </Text>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Defaults
                </Text>
                <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                  <TextField
                    label="Low-stock threshold"
                    type="number"
                    min={1}
                    autoComplete="off"
                    value={f.threshold}
                    onChange={(v) => setF({ ...f, threshold: v })}
                    error={errors.threshold}
                  />
                  <Select
                    label="Style"
                    options={[
                      { label: "Inline text", value: "inline" },
                      { label: "Badge", value: "badge" },
                      { label: "Bar", value: "bar" },
                    ]}
                    value={f.style}
                    onChange={(v) => setF({ ...f, style: v as FormState["style"] })}
                  />
                  <Box paddingBlockStart="600">
                    <Checkbox label="Show exact count" checked={f.showCount} onChange={(v) => setF({ ...f, showCount: v })} />
                  </Box>
                </InlineGrid>
                <Text as="h3" variant="headingSm">
                  Messages (blank = translated default; {"{{ count }}"} is replaced by the quantity)
                </Text>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                  {STOCK_STATES.map((s) => (
                    <TextField
                      key={s}
                      label={STATE_LABELS[s]}
                      autoComplete="off"
                      placeholder={defaultMessage(s, f.showCount, t)}
                      value={f.messages[s] ?? ""}
                      onChange={(v) => setF({ ...f, messages: { ...f.messages, [s]: v } })}
                      error={errors[`msg_${s}`]}
                    />
                  ))}
                </InlineGrid>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Alternatives
                </Text>
                <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                  <Checkbox
                    label="Offer in-stock alternatives when a variant is low or sold out"
                    checked={f.alternativesEnabled}
                    onChange={(v) => setF({ ...f, alternativesEnabled: v })}
                  />
                  <Select
                    label="How many (preview default)"
                    options={["1", "2", "3", "4", "5", "6", "7", "8"]}
                    value={f.alternativesLimit}
                    onChange={(v) => setF({ ...f, alternativesLimit: v })}
                    error={errors.alternativesLimit}
                  />
                </InlineGrid>
                <Text as="p">Rules, in priority order (out-of-stock products and the product itself are never offered):</Text>
                <BlockStack gap="100">
                  {ALL_RULES.map((r) => (
                    <Checkbox
                      key={r}
                      label={RULE_LABELS[r]}
                      checked={f.rules.includes(r)}
                      onChange={(on) => setF({ ...f, rules: ALL_RULES.filter((x) => (x === r ? on : f.rules.includes(x))) })}
                    />
                  ))}
                </BlockStack>
                <InlineStack>
                  <Button variant="primary" onClick={save} loading={nav.state === "submitting"}>
                    Save settings
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Manual picks
                </Text>
                {catalogProducts < 2 ? (
                  <EmptyCard heading="No manual picks yet" testId="picks-empty" action={<Button url="/app/sync">Import your catalog</Button>}>
                    The automatic rules choose the alternatives. To put your own pick first for a product, import your catalog (on the Sync page) and pick
                    here.
                  </EmptyCard>
                ) : (
                  <>
                    <Form method="get">
                      <InlineStack gap="200" blockAlign="end">
                        <TextField label="Find products" name="q" value={search} onChange={setSearch} autoComplete="off" />
                        <Button submit>Search</Button>
                      </InlineStack>
                    </Form>
                    {products.length < 2 ? (
                      <Text as="p" tone="subdued">
                        Fewer than two products match “{q}”.
                      </Text>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="add-pick" />
                        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                          <Select label="For product" name="productId" options={productOptions} value={pickFor} onChange={setPickFor} />
                          <Select label="Offer" name="altProductId" options={productOptions} value={pickAlt} onChange={setPickAlt} error={errors.pick} />
                          <Box paddingBlockStart="600">
                            <Button submit>Add alternative</Button>
                          </Box>
                        </InlineGrid>
                      </Form>
                    )}
                    {picks.length === 0 ? (
                      <EmptyCard heading="No manual picks yet" testId="picks-empty">
                        The automatic rules choose. Choose a product and the alternative to offer first for it, then “Add alternative”.
                      </EmptyCard>
                    ) : (
                      <BlockStack gap="100">
                        {picks.map((p) => (
                          <Form method="post" key={`${p.productId}|${p.altProductId}`}>
                            <input type="hidden" name="intent" value="remove-pick" />
                            <input type="hidden" name="productId" value={p.productId} />
                            <input type="hidden" name="altProductId" value={p.altProductId} />
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="span">
                                {p.productTitle} → #{p.position + 1} {p.altTitle}
                              </Text>
                              <Button submit variant="plain" tone="critical" accessibilityLabel={`Remove ${p.altTitle} for ${p.productTitle}`}>
                                Remove
                              </Button>
                            </InlineStack>
                          </Form>
                        ))}
                      </BlockStack>
                    )}
                  </>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Preview
              </Text>
              <Text as="p" tone="subdued">
                Rendered by the storefront widget's own code, with your settings above.
              </Text>
              {views.map((v) => (
                <BlockStack gap="100" key={v.state}>
                  <Text as="h3" variant="headingSm">
                    {STATE_LABELS[v.state]}
                  </Text>
                  <WidgetPreview view={v} />
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
