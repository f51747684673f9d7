import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { computeState, formatMessage, needsAlternatives, STOCK_STATES } from "../../widget/src/state";

describe("computeState", () => {
  it("covers the five states", () => {
    expect(computeState({ tracked: true, policy: "deny", available: 20 }, 5)).toBe("in_stock");
    expect(computeState({ tracked: true, policy: "DENY", available: 5 }, 5)).toBe("low");
    expect(computeState({ tracked: true, policy: "deny", available: 1 }, 5)).toBe("low");
    expect(computeState({ tracked: true, policy: "deny", available: 0 }, 5)).toBe("sold_out");
    expect(computeState({ tracked: true, policy: "deny", available: -3 }, 5)).toBe("sold_out");
    expect(computeState({ tracked: true, policy: "CONTINUE", available: 0 }, 5)).toBe("continue");
    expect(computeState({ tracked: true, policy: "continue", available: -2 }, 5)).toBe("continue");
    expect(computeState({ tracked: false, policy: "deny", available: 0 }, 5)).toBe("untracked");
  });

  it("continue-selling variants with stock are in stock or low like any other", () => {
    expect(computeState({ tracked: true, policy: "continue", available: 3 }, 5)).toBe("low");
    expect(computeState({ tracked: true, policy: "continue", available: 30 }, 5)).toBe("in_stock");
  });

  it("is monotonic in the quantity for a tracked deny variant", () => {
    const order = ["sold_out", "low", "in_stock"];
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 200 }), fc.integer({ min: -10, max: 200 }), fc.integer({ min: 0, max: 100 }), (a, b, t) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const sLo = computeState({ tracked: true, policy: "deny", available: lo }, t);
        const sHi = computeState({ tracked: true, policy: "deny", available: hi }, t);
        return order.indexOf(sLo) <= order.indexOf(sHi);
      }),
    );
  });

  it("offers alternatives only when low or sold out", () => {
    expect(STOCK_STATES.filter(needsAlternatives)).toEqual(["low", "sold_out"]);
  });
});

describe("formatMessage", () => {
  it("fills {{ count }} (with or without spaces)", () => {
    expect(formatMessage("Only {{ count }} left", 3)).toBe("Only 3 left");
    expect(formatMessage("{{count}} in stock, {{ count }}!", 12)).toBe("12 in stock, 12!");
  });
  it("drops the placeholder without a count", () => {
    expect(formatMessage("Only {{ count }} left", null)).toBe("Only  left");
    expect(formatMessage("Sold out", 0)).toBe("Sold out");
    expect(formatMessage("x{{ count }}y", undefined)).toBe("xy");
  });
  it("leaves other Liquid-looking text alone", () => {
    expect(formatMessage("{{ product }} ok", 2)).toBe("{{ product }} ok");
  });
});
