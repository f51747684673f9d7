import { PlanLimitError, type PlanLimit } from "../billing/limit-error";
import { SyncAccessError, SyncInputError } from "./errors";

/** Maps domain errors of the sync pages: not-member → 404 (reveals nothing), bad input → message. */
export async function runAction<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string; limit?: PlanLimit }> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof SyncAccessError) throw new Response("Not found", { status: 404 });
    if (error instanceof SyncInputError) return { ok: false, error: error.message };
    if (error instanceof PlanLimitError) return { ok: false, error: error.message, limit: error.limit };
    throw error;
  }
}

export async function orNotFound<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SyncAccessError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}

export function formObject(fd: FormData): Record<string, string> {
  return Object.fromEntries([...fd.entries()].map(([k, v]) => [k, String(v)]));
}
