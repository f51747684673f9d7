// A separate process that applies one feed run against a stand-in over HTTP (killed with -9 by
// feed-crash.test.ts). Usage: node --import tsx test/channels/apply-child.ts <runId> <endpoint> <token> <shop>
import { AdminClient } from "../../app/admin/client.server";
import { applyRun } from "../../app/feeds/apply.server";

const [runId, endpoint, token, shop] = process.argv.slice(2);
const client = new AdminClient({ shop, getToken: async () => ({ token, expiresAt: null }), endpoint, fetch: globalThis.fetch });
const queue = { enqueue: async () => {}, schedule: async () => {}, cancelShopJobs: async () => 0 };
process.stdout.write("started\n");
await applyRun({ admin: () => client, queue, outbound: () => ({}) }, runId);
process.stdout.write("finished\n");
