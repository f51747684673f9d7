// The alert trigger registry. A trigger looks at a shop's recorded state and names the
// troubles present now; the evaluator (evaluate.server.ts) turns appearing, lasting and
// clearing troubles into one alert each, hourly reminders and a resolved message. Features
// add their own triggers (e.g. "feed stale" from app/feeds, "endpoint paused" from
// app/channels) with registerTrigger.
import type { PrismaClient } from "@prisma/client";
import type { z } from "zod";

export interface Trouble {
  /** Identity of the trouble within the rule: the same key on the next evaluation is the same trouble. */
  key: string;
  title: string;
  detail?: string;
  /** Path inside the app to look at it (e.g. /app/exceptions?id=…). */
  link?: string;
}

export interface TriggerArgs<P> {
  shop: string;
  params: P;
  /** When the rule was created: event-like triggers ignore what happened before. */
  since: Date;
  now: Date;
  db: PrismaClient;
}

export interface TriggerDefinition<P = Record<string, unknown>> {
  id: string;
  label: string;
  /** Parameters of a rule of this trigger, parsed from the form and from storage. */
  params: z.ZodType<P>;
  /** The rule in a sentence, for the Alerts page. */
  describe(params: P): string;
  evaluate(args: TriggerArgs<P>): Promise<Trouble[]>;
  order: number;
}

const triggers = new Map<string, TriggerDefinition<never>>();

export function registerTrigger<P>(def: TriggerDefinition<P>): void {
  triggers.set(def.id, def as unknown as TriggerDefinition<never>);
}

export function alertTrigger(id: string): TriggerDefinition<Record<string, unknown>> | undefined {
  return triggers.get(id) as TriggerDefinition<Record<string, unknown>> | undefined;
}

export function alertTriggers(): TriggerDefinition<Record<string, unknown>>[] {
  return [...triggers.values()].sort((a, b) => a.order - b.order) as TriggerDefinition<Record<string, unknown>>[];
}
