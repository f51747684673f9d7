import { propertySuite } from "./property-run";

// P1–P5 keep holding when mirroring (Off) and when Automatic switches between mirror and allocation.
propertySuite("sync properties P1–P5 under Off and Automatic", { runs: 200, seedOffset: 2, protections: ["off", "automatic"] });
