import type { JobHandler } from "./types";

const handlers = new Map<string, JobHandler>();

/** Feature modules register their job handlers at import time (see app/jobs.server.ts). */
export function registerJob<P>(name: string, handler: JobHandler<P>): void {
  handlers.set(name, handler as JobHandler);
}

export function jobHandler(name: string): JobHandler | undefined {
  return handlers.get(name);
}
