// Back-in-stock and sold-out automation settings of a shop (admin page "Back in stock").
import { z } from "zod";
import prisma from "../db.server";

export const DEFAULT_CONSENT_TEXT = "I agree to receive one email when this item is back in stock.";
export const BATCH_CAP_MAX = 1000;

export const settingsInput = z.object({
  enabled: z.boolean(),
  doubleOptIn: z.boolean(),
  consentText: z.string().trim().max(500),
  batchMultiple: z.number().int().min(1).max(20),
  batchCap: z.number().int().min(1).max(BATCH_CAP_MAX),
  intervalMinutes: z.number().int().min(1).max(24 * 60),
  soldOutAction: z.enum(["off", "unpublish", "tag"]),
  soldOutTag: z.string().trim().min(1).max(40).regex(/^[^,]+$/, "one tag, no commas"),
});

export type RestockSettingsValue = z.infer<typeof settingsInput>;

export const DEFAULT_RESTOCK_SETTINGS: RestockSettingsValue = {
  enabled: true,
  doubleOptIn: false,
  consentText: "",
  batchMultiple: 3,
  batchCap: 100,
  intervalMinutes: 10,
  soldOutAction: "off",
  soldOutTag: "sold-out",
};

export async function loadRestockSettings(shop: string): Promise<RestockSettingsValue> {
  const row = await prisma.restockSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_RESTOCK_SETTINGS };
  const { shop: _s, updatedAt: _u, ...rest } = row;
  const parsed = settingsInput.safeParse(rest);
  return parsed.success ? parsed.data : { ...DEFAULT_RESTOCK_SETTINGS };
}

export async function saveRestockSettings(shop: string, value: RestockSettingsValue): Promise<void> {
  const data = settingsInput.parse(value);
  await prisma.restockSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/** The consent text a shopper sees (and that is stored with the subscription). */
export function consentTextOf(s: RestockSettingsValue): string {
  return s.consentText || DEFAULT_CONSENT_TEXT;
}
