/**
 * The embedded queue's claim under a backlog: N jobs queued (a third of them keyed on a few
 * SKUs, as a flash sale queues them), the real Worker.claim taking 8 at a time on a private
 * SQLite database; prints the claim's p50/p99 per backlog size. The claim walks due jobs in id
 * order on the (status, id) index, so its cost should grow little with the backlog.
 *   npm run bench:queue-claim -- [--backlogs 1000,10000,100000] [--claims 200]
 */
import { percentile, report } from "./support/report";
import { prepareEnv } from "./_sync-env";

const argOf = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const BACKLOGS = argOf("backlogs", "1000,10000,100000").split(",").map(Number);
const CLAIMS = Number(argOf("claims", "200"));

prepareEnv();
const { default: prisma } = await import("../app/db.server");
const { dbQueue } = await import("../app/queue/index.server");
const { Worker } = await import("../app/queue/worker.server");

const rows: Record<string, { p50: number; p99: number; max: number }> = {};
for (const backlog of BACKLOGS) {
  await prisma.job.deleteMany();
  const runAt = new Date(Date.now() - 1_000);
  for (let i = 0; i < backlog; i += 5_000) {
    await prisma.job.createMany({
      data: Array.from({ length: Math.min(5_000, backlog - i) }, (_, k) => ({
        name: "bench.noop",
        payload: "{}",
        orderingKey: (i + k) % 3 === 0 ? `sku-${(i + k) % 30}` : null,
        runAt,
      })),
    });
  }
  const worker = new Worker(prisma, dbQueue, { concurrency: 8 });
  const times: number[] = [];
  for (let c = 0; c < CLAIMS; c++) {
    const t = performance.now();
    const claimed = await worker.claim(8);
    times.push(performance.now() - t);
    // Finish them, as a worker would, so keyed heads move on.
    await prisma.job.updateMany({ where: { id: { in: claimed.map((j) => j.id) } }, data: { status: "done", finishedAt: new Date() } });
  }
  times.sort((a, b) => a - b);
  rows[String(backlog)] = { p50: +percentile(times, 50).toFixed(2), p99: +percentile(times, 99).toFixed(2), max: +times[times.length - 1].toFixed(2) };
}

report("queue-claim", { claims: CLAIMS, batch: 8, claimMs: rows });
console.log("\n| backlog (queued jobs) | claim p50 | p99 | max |\n| --- | --- | --- | --- |");
for (const [b, r] of Object.entries(rows)) console.log(`| ${Number(b).toLocaleString("en")} | ${r.p50} ms | ${r.p99} ms | ${r.max} ms |`);
await prisma.$disconnect();
