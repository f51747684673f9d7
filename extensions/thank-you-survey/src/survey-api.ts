// Calls the app's /api/survey with the checkout session token (Authorization: Bearer).
import type { Answers, PublicSurvey } from "../../../app/surveys/types";

export const APP_URL: string = process.env.APP_URL || "";

export interface SurveyLookup {
  survey: PublicSurvey | null;
  answered: boolean;
}

export type GetToken = () => Promise<string>;

export async function loadSurvey(getToken: GetToken, orderId: string, firstOrder: boolean | undefined): Promise<SurveyLookup> {
  const q = new URLSearchParams({ orderId });
  if (firstOrder !== undefined) q.set("firstOrder", firstOrder ? "1" : "0");
  const res = await fetch(`${APP_URL}/api/survey?${q}`, {
    headers: { Authorization: `Bearer ${await getToken()}` },
  });
  if (!res.ok) throw new Error(`survey ${res.status}`);
  return (await res.json()) as SurveyLookup;
}

/** Retries network and 5xx failures with a short backoff; the page never waits on it. */
export async function loadSurveyWithRetry(
  getToken: GetToken,
  orderId: string,
  firstOrder: boolean | undefined,
  delaysMs = [1000, 3000],
): Promise<SurveyLookup> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await loadSurvey(getToken, orderId, firstOrder);
    } catch (error) {
      if (attempt >= delaysMs.length) throw error;
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}

export async function submitAnswers(
  getToken: GetToken,
  body: { orderId: string; versionId: string; answers: Answers },
): Promise<boolean> {
  try {
    const res = await fetch(`${APP_URL}/api/survey`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await getToken()}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.ok;
  } catch {
    return false; // offline or blocked: the view keeps the answers and offers a retry
  }
}
