import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { clientAddress, createLimiter, tooManyRequests } from "../../app/security/rate-limit.server";

describe("rate limits", () => {
  it("refuses past the budget with a Retry-After, per key", async () => {
    const l = createLimiter("t-memory", { points: 3, durationSec: 60 });
    for (let i = 0; i < 3; i++) expect((await l.consume("shop|a")).ok).toBe(true);
    const refused = await l.consume("shop|a");
    expect(refused.ok).toBe(false);
    expect((await l.consume("shop|b")).ok).toBe(true);
    if (refused.ok) throw new Error("unreachable");
    expect(refused.retryAfterSec).toBeGreaterThan(0);
    const res = tooManyRequests(refused);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("Retry-After"))).toBe(refused.retryAfterSec);
  });

  it("shares one budget through the database store", async () => {
    const a = createLimiter("t-db", { points: 2, durationSec: 60 }, { kind: "prisma", prisma });
    const b = createLimiter("t-db", { points: 2, durationSec: 60 }, { kind: "prisma", prisma });
    expect((await a.consume("k")).ok).toBe(true);
    expect((await b.consume("k")).ok).toBe(true);
    expect((await a.consume("k")).ok).toBe(false);
    expect(await prisma.rateLimit.count()).toBe(1);
  });

  it("takes the first forwarded address", () => {
    const r = new Request("http://x/", { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } });
    expect(clientAddress(r)).toBe("203.0.113.9");
    expect(clientAddress(new Request("http://x/"))).toBe("unknown");
  });
});
