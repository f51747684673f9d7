import { propertySuite } from "./property-run";

// P1–P6 under Guaranteed, seed B.
propertySuite("sync properties P1–P6 under Guaranteed (seed B)", { runs: 500, seedOffset: 1, protections: ["guaranteed"] });
