// POST /proxy/restock (the widget's sign-up through the app proxy) with the library's signature
// check: good sign-ups are stored with their consent text; bad input gets a clear 4xx each and
// stores nothing.
import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { action } from "../../app/routes/proxy.restock";
import { saveRestockSettings, DEFAULT_RESTOCK_SETTINGS, DEFAULT_CONSENT_TEXT } from "../../app/restock/settings.server";
import { seedProduct, seedShop, SHOP } from "./helpers";

const APP = process.env.SHOPIFY_APP_URL!;
const SECRET = process.env.SHOPIFY_API_SECRET!;

function signedUrl(shop: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)): string {
  const url = new URL(`${APP}/proxy/restock`);
  url.searchParams.set("shop", shop);
  url.searchParams.set("logged_in_customer_id", "");
  url.searchParams.set("path_prefix", "/apps/stockroom");
  url.searchParams.set("timestamp", String(timestamp));
  const msg = [...url.searchParams.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("");
  url.searchParams.set("signature", createHmac("sha256", secret).update(msg).digest("hex"));
  return url.toString();
}

async function post(body: Record<string, string> | string, o: { ip?: string; url?: string; json?: boolean } = {}): Promise<Response> {
  const text = typeof body === "string" ? body : o.json ? JSON.stringify(body) : new URLSearchParams(body).toString();
  const request = new Request(o.url ?? signedUrl(SHOP), {
    method: "POST",
    headers: { "Content-Type": o.json ? "application/json" : "application/x-www-form-urlencoded", "X-Forwarded-For": o.ip ?? "203.0.113.7" },
    body: text,
  });
  try {
    return (await action({ request, params: {}, context: {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let variant = "";
let ipSeq = 0;
const freshIp = () => `198.51.100.${++ipSeq % 250}`;

beforeEach(async () => {
  await prisma.$transaction([prisma.restockSubscription.deleteMany(), prisma.restockSettings.deleteMany(), prisma.catalogVariant.deleteMany(), prisma.catalogProduct.deleteMany(), prisma.inventoryLevel.deleteMany()]);
  await seedShop();
  variant = (await seedProduct({ title: "Linen Shirt", available: 0 })).numericVariant;
});

describe("POST /proxy/restock", () => {
  it("stores a sign-up with the consent text the shopper saw", async () => {
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS, consentText: "Yes, email me once when it is back." });
    const res = await post({ variant, email: " Shopper@Example.test ", consent: "1", locale: "fr" }, { ip: freshIp() });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, confirm: false });
    const sub = await prisma.restockSubscription.findFirstOrThrow();
    expect(sub).toMatchObject({ email: "shopper@example.test", locale: "fr", consentText: "Yes, email me once when it is back.", status: "active" });
    expect(sub.consentAt).toBeInstanceOf(Date);
    // JSON bodies work too, and the default text is stored when the merchant set none
    await saveRestockSettings(SHOP, { ...DEFAULT_RESTOCK_SETTINGS });
    expect((await post({ variant, email: "two@example.test", consent: "true" }, { ip: freshIp(), json: true })).status).toBe(201);
    expect((await prisma.restockSubscription.findFirstOrThrow({ where: { email: "two@example.test" } })).consentText).toBe(DEFAULT_CONSENT_TEXT);
  });

  it("answers bad input with a clear 4xx and stores nothing", async () => {
    const cases: Array<[string, Response, number, string | null]> = [
      ["invalid email", await post({ variant, email: "not-an-email", consent: "1" }, { ip: freshIp() }), 422, "invalid_email"],
      ["empty email", await post({ variant, email: "", consent: "1" }, { ip: freshIp() }), 422, "invalid_email"],
      ["missing consent", await post({ variant, email: "a@example.test" }, { ip: freshIp() }), 422, "consent_missing"],
      ["consent not ticked", await post({ variant, email: "a@example.test", consent: "0" }, { ip: freshIp() }), 422, "consent_missing"],
      ["bad variant", await post({ variant: "gid://x", email: "a@example.test", consent: "1" }, { ip: freshIp() }), 422, "bad_variant"],
      ["unknown variant", await post({ variant: "999999", email: "a@example.test", consent: "1" }, { ip: freshIp() }), 404, "unknown_variant"],
      ["broken JSON", await post("{nope", { ip: freshIp(), json: true }), 400, "bad_body"],
      ["too large", await post({ variant, email: "a@example.test", consent: "1", pad: "x".repeat(5000) }, { ip: freshIp() }), 400, "bad_body"],
      ["forged signature", await post({ variant, email: "a@example.test", consent: "1" }, { ip: freshIp(), url: signedUrl(SHOP, "not-the-secret") }), 400, null],
      ["stale signature", await post({ variant, email: "a@example.test", consent: "1" }, { ip: freshIp(), url: signedUrl(SHOP, SECRET, Math.floor(Date.now() / 1000) - 600) }), 400, null],
      ["no signature", await post({ variant, email: "a@example.test", consent: "1" }, { ip: freshIp(), url: `${APP}/proxy/restock?shop=${SHOP}` }), 400, null],
    ];
    for (const [name, res, status, error] of cases) {
      expect(res.status, name).toBe(status);
      if (error) expect(await res.json(), name).toEqual({ error });
    }
    expect(await prisma.restockSubscription.count()).toBe(0);
  });

  it("drops what fills the honeypot (answers like success) and refuses in-stock variants", async () => {
    const bot = await post({ variant, email: "bot@example.test", consent: "1", website: "http://spam.example" }, { ip: freshIp() });
    expect(bot.status).toBe(202);
    const inStock = (await seedProduct({ title: "Wool Scarf", available: 3 })).numericVariant;
    const res = await post({ variant: inStock, email: "a@example.test", consent: "1" }, { ip: freshIp() });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "in_stock" });
    expect(await prisma.restockSubscription.count()).toBe(0);
  });

  it("1,000 sign-ups from one address: the named limiter lets its budget through, then a 429 each, nothing stored", async () => {
    const ip = "192.0.2.99";
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const res = await post({ variant, email: `flood${i}@example.test`, consent: "1" }, { ip });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
        if (i === 999) expect(await res.json()).toMatchObject({ error: "rate_limited" });
      }
    }
    const accepted = statuses.filter((s) => s === 201).length;
    expect(accepted).toBe(10); // LIMIT_RULES.signup: 10 per 10 minutes per shop × address
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(await prisma.restockSubscription.count()).toBe(10);
    // Another address is not affected.
    expect((await post({ variant, email: "neighbour@example.test", consent: "1" }, { ip: "192.0.2.100" })).status).toBe(201);
  });
});
