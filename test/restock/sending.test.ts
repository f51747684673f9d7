// Back-in-stock sending with a real SMTP server in the test process (smtp-server): headers and
// links, batch sizes that follow stock, no second mail for the same restock, one-click
// unsubscribe, and every suppression reason produced at least once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createMailer, type Mailer } from "../../app/mail/transport.server";
import { SUPPRESSION_REASONS } from "../../app/restock/reasons";
import { observeSellable, runBatch, type SendDeps } from "../../app/restock/send.server";
import { saveRestockSettings, DEFAULT_RESTOCK_SETTINGS } from "../../app/restock/settings.server";
import { signUp } from "../../app/restock/subscribe.server";
import { confirmAction, confirmLoader, unsubscribeAction, unsubscribeLoader } from "../../app/restock/link-pages.server";
import * as confirmRoute from "../../app/routes/restock.confirm";
import * as unsubscribeRoute from "../../app/routes/restock.unsubscribe";
import { limiter } from "../../app/security/limiters.server";
import { rawHeader, startTestSmtp, type ReceivedMail, type TestSmtp } from "../support/smtp";
import { recordingQueue, seedProduct, seedShop, setLevel, SHOP } from "./helpers";

let smtp: TestSmtp;
let mailer: Mailer;
const produced = new Set<string>();

beforeAll(async () => {
  smtp = await startTestSmtp();
  mailer = createMailer(smtp.url, "North Shop <alerts@north-shop.test>");
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
});

beforeEach(async () => {
  smtp.messages.length = 0;
  await prisma.$transaction([
    prisma.restockDelivery.deleteMany(),
    prisma.restockRun.deleteMany(),
    prisma.restockSubscription.deleteMany(),
    prisma.restockSuppressedAddress.deleteMany(),
    prisma.restockWatch.deleteMany(),
    prisma.restockSettings.deleteMany(),
    prisma.inventoryLevel.deleteMany(),
    prisma.catalogVariant.deleteMany(),
    prisma.catalogProduct.deleteMany(),
    prisma.shop.deleteMany(),
  ]);
  await seedShop();
});

let clock = Date.parse("2026-12-02T10:00:00Z");
function deps(overrides: Partial<Omit<SendDeps, "queue">> = {}) {
  const queue = recordingQueue();
  return { send: (m: Parameters<Mailer["send"]>[0]) => mailer.send(m), now: () => new Date(clock), ...overrides, queue };
}

async function signUpMany(variant: string, n: number, prefix = "shopper", locale = "en") {
  for (let i = 0; i < n; i++) {
    const r = await signUp(SHOP, { variant, email: `${prefix}${i}@example.test`, consent: "1", locale });
    expect(r.status).toBe(201);
    clock += 1000;
  }
}

async function reasonsOf(runId: string) {
  const rows = await prisma.restockDelivery.findMany({ where: { runId } });
  const out: Record<string, number> = {};
  for (const r of rows) {
    const k = r.outcome === "sent" ? "sent" : r.reason!;
    out[k] = (out[k] ?? 0) + 1;
    if (r.reason) produced.add(r.reason);
  }
  return out;
}

const header = (m: ReceivedMail, name: string) => rawHeader(m, name);
const linkIn = (text: string, prefix: string) => text.split(/\s/).find((w) => w.startsWith(prefix))!;
const routeArgs = (request: Request) => ({ request, params: {}, context: {} });

describe("back-in-stock mail", () => {
  it("says what is back, links to the variant, shows up to 3 in-stock alternatives, and carries one-click unsubscribe headers", async () => {
    const lamp = await seedProduct({ title: "Cedar Lamp", available: 0, price: "49.00" });
    for (const t of ["Oak Lamp", "Pine Lamp", "Birch Lamp", "Elm Lamp"]) await seedProduct({ title: t, available: 4 });
    await seedProduct({ title: "Sold Out Lamp", available: 0 });
    await signUp(SHOP, { variant: lamp.numericVariant, email: "Ana@Example.test", consent: "1", locale: "en" });
    await signUp(SHOP, { variant: lamp.numericVariant, email: "claire@example.test", consent: "on", locale: "fr" });
    await signUp(SHOP, { variant: lamp.numericVariant, email: "jonas@example.test", consent: "true", locale: "de-DE" });
    const d = deps();
    await setLevel(SHOP, lamp.inventoryItemId, 5);
    const run = await observeSellable(SHOP, lamp.variantId, 5, d);
    expect(run).not.toBeNull();
    expect(d.queue.jobs).toHaveLength(1);
    await runBatch(run!.id, 1, d);
    const mails = await smtp.waitFor(3);
    const byTo = Object.fromEntries(mails.map((m) => [m.envelopeTo[0], m]));
    const en = byTo["ana@example.test"];
    expect(en.parsed.subject).toBe("Cedar Lamp is back in stock");
    expect(byTo["claire@example.test"].parsed.subject).toBe("Cedar Lamp est de retour en stock");
    expect(byTo["jonas@example.test"].parsed.subject).toBe("Cedar Lamp ist wieder vorrätig");
    const text = en.parsed.text!;
    expect(text).toContain(`https://north-shop.myshopify.com/products/cedar-lamp?variant=${lamp.numericVariant}`);
    expect(text).toContain("$49.00");
    const altLines = text.split("\n").filter((l) => l.startsWith("- "));
    expect(altLines).toHaveLength(3);
    expect(altLines.join(" ")).not.toContain("Sold Out Lamp");
    expect(altLines[0]).toMatch(/https:\/\/north-shop\.myshopify\.com\/products\/\w+-lamp/);
    expect(en.parsed.html).toContain(`href="https://north-shop.myshopify.com/products/cedar-lamp?variant=${lamp.numericVariant}"`);
    const unsub = linkIn(text, "http://127.0.0.1:3999/restock/unsubscribe?t=");
    expect(header(en, "List-Unsubscribe")).toBe(`<${unsub}>`);
    expect(header(en, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(await reasonsOf(run!.id)).toEqual({ sent: 3 });
    const run2 = await prisma.restockRun.findUniqueOrThrow({ where: { id: run!.id } });
    expect(run2).toMatchObject({ status: "done", sent: 3, batches: 1 });
  });

  it("sizes batches by the multiple of units available (capped), oldest first, an interval apart, re-reading stock before each", async () => {
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, batchMultiple: 3, batchCap: 4, intervalMinutes: 10 });
    const mug = await seedProduct({ title: "Mug", available: 0 });
    await signUpMany(mug.numericVariant, 20);
    const d = deps();
    await setLevel(SHOP, mug.inventoryItemId, 2);
    const run = (await observeSellable(SHOP, mug.variantId, 2, d))!;
    expect(run.budget).toBe(6); // 3 × 2 units
    await runBatch(run.id, 1, d);
    await smtp.waitFor(4);
    // cap 4 < 3 × 2: four mails, to the four oldest sign-ups
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual([0, 1, 2, 3].map((i) => `shopper${i}@example.test`));
    const next = d.queue.jobs.at(-1)!;
    expect(next.payload).toEqual({ runId: run.id, batch: 2 });
    expect(next.runAt!.getTime() - clock).toBe(10 * 60_000);

    // One unit sold meanwhile: the next batch follows stock (3 × 1 = 3, but only 2 of the budget are left).
    await setLevel(SHOP, mug.inventoryItemId, 1);
    clock += 10 * 60_000;
    await runBatch(run.id, 2, d);
    await smtp.waitFor(6);
    expect(smtp.messages.slice(4).map((m) => m.envelopeTo[0])).toEqual(["shopper4@example.test", "shopper5@example.test"]);
    // Budget spent (6 alerts for 2 units): the other 14 are recorded, not mailed.
    expect(await reasonsOf(run.id)).toEqual({ sent: 6, restock_too_small: 14 });
    expect((await prisma.restockRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("done");
    // Re-running a batch (a retried job) sends nothing more.
    await runBatch(run.id, 2, d);
    expect(smtp.messages).toHaveLength(6);
  });

  it("stops when the variant is sold out again before the next batch", async () => {
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, batchCap: 2 });
    const cup = await seedProduct({ title: "Cup", available: 0 });
    await signUpMany(cup.numericVariant, 5);
    const d = deps();
    await setLevel(SHOP, cup.inventoryItemId, 3);
    const run = (await observeSellable(SHOP, cup.variantId, 3, d))!;
    await runBatch(run.id, 1, d);
    await smtp.waitFor(2);
    await setLevel(SHOP, cup.inventoryItemId, 0);
    await runBatch(run.id, 2, d);
    expect(smtp.messages).toHaveLength(2);
    expect(await reasonsOf(run.id)).toEqual({ sent: 2, sold_out_again: 3 });
    expect((await prisma.restockRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("stopped");
  });

  it("sends no second mail for the same restock, nor for a later one", async () => {
    const bowl = await seedProduct({ title: "Bowl", available: 0 });
    await signUpMany(bowl.numericVariant, 2);
    const d = deps();
    await setLevel(SHOP, bowl.inventoryItemId, 4);
    const run = (await observeSellable(SHOP, bowl.variantId, 4, d))!;
    // The same restock seen again (redelivered webhook, a second location) starts nothing.
    expect(await observeSellable(SHOP, bowl.variantId, 4, d)).toBeNull();
    expect(await observeSellable(SHOP, bowl.variantId, 6, d)).toBeNull();
    await runBatch(run.id, 1, d);
    await runBatch(run.id, 1, d);
    await smtp.waitFor(2);
    expect(await observeSellable(SHOP, bowl.variantId, 5, d)).toBeNull();
    expect(smtp.messages).toHaveLength(2);
    // Sold out, then back: the two were told already.
    expect(await observeSellable(SHOP, bowl.variantId, 0, d)).toBeNull();
    const again = (await observeSellable(SHOP, bowl.variantId, 2, d))!;
    expect(again.id).not.toBe(run.id);
    await runBatch(again.id, 1, d);
    expect(smtp.messages).toHaveLength(2);
    expect(await reasonsOf(again.id)).toEqual({ already_notified: 2 });
  });

  it("unsubscribes with one click (RFC 8058 POST); GET only shows the button; the address stays suppressed as a hash", async () => {
    const vase = await seedProduct({ title: "Vase", available: 0 });
    await signUpMany(vase.numericVariant, 1, "una");
    const other = await seedProduct({ title: "Jug", available: 0 });
    await signUp(SHOP, { variant: other.numericVariant, email: "una0@example.test", consent: "1" });
    const d = deps();
    await setLevel(SHOP, vase.inventoryItemId, 1);
    await runBatch((await observeSellable(SHOP, vase.variantId, 1, d))!.id, 1, d);
    const [mail] = await smtp.waitFor(1);
    const url = header(mail, "List-Unsubscribe")!.slice(1, -1);

    const get = await unsubscribeLoader(new Request(url));
    expect(get.status).toBe(200);
    const page = await get.text();
    expect(page).toContain('<p class="shop">North Shop</p>');
    expect(page).toMatch(/<form method="post"><input type="hidden" name="t" value="[^"]+"><button type="submit">Unsubscribe<\/button><\/form>/);
    expect(await prisma.restockSubscription.count({ where: { status: "unsubscribed" } })).toBe(0);

    const forged = await unsubscribeAction(new Request(url.replace(/.$/, (c) => (c === "A" ? "B" : "A")), { method: "POST", body: "List-Unsubscribe=One-Click" }));
    expect(forged.status).toBe(400);

    // What a mail client sends from the List-Unsubscribe-Post header (RFC 8058), through the route.
    const post = await unsubscribeRoute.action(routeArgs(new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" })));
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("<h1>You are unsubscribed</h1>");
    const subs = await prisma.restockSubscription.findMany();
    expect(subs.map((s) => [s.status, s.email])).toEqual([
      ["unsubscribed", null],
      ["unsubscribed", null],
    ]);
    expect(await prisma.restockSuppressedAddress.count()).toBe(1);

    await setLevel(SHOP, other.inventoryItemId, 3);
    const run = (await observeSellable(SHOP, other.variantId, 3, d))!;
    await runBatch(run.id, 1, d);
    expect(smtp.messages).toHaveLength(1);
    expect(await reasonsOf(run.id)).toEqual({ unsubscribed: 1 });
  });

  it("double opt-in: a GET of the signed link (what mail scanners prefetch) confirms nothing; its page's one button POSTs the token, verified again, and that confirms", async () => {
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, doubleOptIn: true });
    const cup = await seedProduct({ title: "Tasse", available: 0 });
    await signUp(SHOP, { variant: cup.numericVariant, email: "zoe@example.test", consent: "1", locale: "fr" }, mailer);
    const [mail] = await smtp.waitFor(1);
    expect(mail.parsed.subject).toBe("Confirmez votre alerte de retour en stock pour Tasse");
    const url = linkIn(mail.parsed.text!, "http://127.0.0.1:3999/restock/confirm?t=");
    const token = new URL(url).searchParams.get("t")!;
    const status = async () => (await prisma.restockSubscription.findFirstOrThrow()).status;

    // A link scanner fetches the link (twice): nothing is confirmed.
    for (let i = 0; i < 2; i++) expect((await confirmRoute.loader(routeArgs(new Request(url)))).status).toBe(200);
    expect(await status()).toBe("pending");
    const html = await (await confirmRoute.loader(routeArgs(new Request(url)))).text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<p class="shop">North Shop</p>');
    expect(html).toContain("<h1>Confirmez votre alerte de retour en stock</h1>");
    expect(html).toContain("quand Tasse sera de retour en stock");
    expect(html).toContain(`<form method="post"><input type="hidden" name="t" value="${token}"><button type="submit">Confirmer</button></form>`);

    // A forged token in the form (posted without the link's query) is refused; nothing changes.
    const form = (t: string) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ t }).toString() });
    const bare = url.split("?")[0];
    const forged = await confirmRoute.action(routeArgs(new Request(bare, form(token.replace(/.$/, (c) => (c === "A" ? "B" : "A"))))));
    expect(forged.status).toBe(400);
    expect(await status()).toBe("pending");

    // Pressing the button: the browser POSTs to the page's URL with the form; that confirms.
    const post = await confirmRoute.action(routeArgs(new Request(url, form(token))));
    expect(post.status).toBe(200);
    expect(await post.text()).toContain("<h1>Votre alerte est confirmée</h1>");
    expect(await status()).toBe("active");
    expect((await prisma.restockSubscription.findFirstOrThrow()).confirmedAt).not.toBeNull();
    // The link again says so, without a button.
    const again = await (await confirmRoute.loader(routeArgs(new Request(url)))).text();
    expect(again).toContain("<h1>Votre alerte est confirmée</h1>");
    expect(again).not.toContain("<form");

    // A broken link: 400, in the browser's language when no subscription is known.
    const broken = await confirmRoute.loader(routeArgs(new Request(`${bare}?t=confirm.x.y.z`, { headers: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.8" } })));
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('<html lang="de">');
  });

  it("records a reason for every subscriber not mailed: consent, double opt-in, uninstall, bounce, rate limit, no SMTP", async () => {
    // consent missing: a subscription without a recorded consent (e.g. carried over from an import)
    const a = await seedProduct({ title: "Alpha", available: 0 });
    await signUpMany(a.numericVariant, 1, "ok");
    await prisma.restockSubscription.create({ data: { shop: SHOP, variantId: a.variantId, productId: a.productId, email: "noconsent@example.test", emailHash: "h-noconsent", consentText: null, consentAt: null, confirmedAt: new Date() } });
    // double opt-in: one confirms through the signed link in the confirmation mail, one does not
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, doubleOptIn: true });
    await signUp(SHOP, { variant: a.numericVariant, email: "confirmer@example.test", consent: "1" }, mailer);
    await signUp(SHOP, { variant: a.numericVariant, email: "silent@example.test", consent: "1" }, mailer);
    const confirmations = await smtp.waitFor(2);
    expect(confirmations[0].parsed.subject).toBe("Confirm your back-in-stock alert for Alpha");
    const confirmUrl = linkIn(confirmations[0].parsed.text!, "http://127.0.0.1:3999/restock/confirm?t=");
    expect((await confirmLoader(new Request(confirmUrl))).status).toBe(200); // asks only
    expect((await confirmAction(new Request(confirmUrl, { method: "POST" }))).status).toBe(200);
    expect((await confirmAction(new Request(confirmUrl.slice(0, -2), { method: "POST" }))).status).toBe(400);
    smtp.messages.length = 0;
    // bounce: the SMTP server refuses the first alert with 550
    const d = deps();
    smtp.rejectNext(1);
    await setLevel(SHOP, a.inventoryItemId, 10);
    const run = (await observeSellable(SHOP, a.variantId, 10, d))!;
    await runBatch(run.id, 1, d);
    await smtp.waitFor(1);
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual(["confirmer@example.test"]);
    expect(await reasonsOf(run.id)).toEqual({ sent: 1, address_bounced: 1, consent_missing: 1, not_confirmed: 1 });
    expect((await prisma.restockSubscription.findFirstOrThrow({ where: { status: "bounced" } })).email).toBeNull();

    // no SMTP configured
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS });
    const c = await seedProduct({ title: "Gamma", available: 0 });
    await signUpMany(c.numericVariant, 1, "nomail");
    await setLevel(SHOP, c.inventoryItemId, 1);
    const noSmtp = createMailer(undefined, "x@y.test");
    const d2 = deps({ send: (m) => noSmtp.send(m) });
    const run3 = (await observeSellable(SHOP, c.variantId, 1, d2))!;
    await runBatch(run3.id, 1, d2);
    expect(await reasonsOf(run3.id)).toEqual({ mail_not_configured: 1 });

    // rate limit: the shop's alert budget (named limiter "restockMail") is used up
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS });
    const b = await seedProduct({ title: "Beta", available: 0 });
    await signUpMany(b.numericVariant, 1, "late");
    await limiter("restockMail").consume(SHOP, 2000);
    await setLevel(SHOP, b.inventoryItemId, 1);
    const run2 = (await observeSellable(SHOP, b.variantId, 1, d))!;
    await runBatch(run2.id, 1, d);
    expect(await reasonsOf(run2.id)).toEqual({ rate_limit: 1 });
    expect((await prisma.restockSubscription.findFirstOrThrow({ where: { variantId: b.variantId } })).status).toBe("active");

    // shop uninstalled before the batch
    const e = await seedProduct({ title: "Delta", available: 0 });
    await signUpMany(e.numericVariant, 2, "gone");
    await setLevel(SHOP, e.inventoryItemId, 1);
    const run4 = (await observeSellable(SHOP, e.variantId, 1, d))!;
    await prisma.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date() } });
    await runBatch(run4.id, 1, d);
    expect(await reasonsOf(run4.id)).toEqual({ shop_uninstalled: 2 });
  });

  afterAll(() => {
    // Across this file (tests run in order), every suppression reason was produced at least once.
    expect([...produced].sort()).toEqual(Object.keys(SUPPRESSION_REASONS).sort());
  });
});
