import { propertySuite } from "./property-run";

// P1–P6 under Guaranteed (P6 checked after every change in the stand-in), seed A.
propertySuite("sync properties P1–P6 under Guaranteed (seed A)", { runs: 500, seedOffset: 0, protections: ["guaranteed"] });
