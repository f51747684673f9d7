import { propertySuite } from "./property-run";

// PostgreSQL + pg-boss: P1–P6 with the jobs spread over two workers (issue 10), all three modes.
propertySuite("sync properties with two workers (pg-boss)", { runs: 200, seedOffset: 3, protections: ["guaranteed", "automatic", "off"], workers: 2, minRuns: 200 });
