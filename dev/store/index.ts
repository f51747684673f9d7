export * from "./types.ts";
export * from "./store.ts";
export { createRng, type Rng } from "./rng.ts";
export * from "./publications.ts";
