// Where the outbound tail has read up to: the last stock event id, and the last exception
// change. Both start when the first endpoint is registered (never at the tail's first pass, which
// may come seconds later and would skip what happened in between).
import prisma from "../db.server";

export const STOCK_CURSOR = "stock_events";
export const EXCEPTION_CURSOR = "exceptions";

const initial: Record<string, () => Promise<string>> = {
  [STOCK_CURSOR]: async () => String((await prisma.stockEvent.aggregate({ _max: { id: true } }))._max.id ?? 0),
  [EXCEPTION_CURSOR]: async () => new Date().toISOString(),
};

export async function readCursor(name: string): Promise<string> {
  const row = await prisma.channelCursor.findUnique({ where: { name } });
  if (row) return row.value;
  const value = await initial[name]();
  // Another process may have started it first: theirs stands.
  await prisma.channelCursor.upsert({ where: { name }, create: { name, value }, update: {} });
  return (await prisma.channelCursor.findUniqueOrThrow({ where: { name } })).value;
}

/** Starts both cursors (kept where they are when they exist). */
export async function startCursors(): Promise<void> {
  await readCursor(STOCK_CURSOR);
  await readCursor(EXCEPTION_CURSOR);
}

export const setCursor = (name: string, value: string) => prisma.channelCursor.update({ where: { name }, data: { value } });
