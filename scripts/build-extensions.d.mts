// Types for scripts/build-extensions.mjs (imported by dev/extension-host and tests).
export declare const UI_EXTENSIONS: string[];
export interface BuiltExtension {
  name: string;
  handle: string;
  outfile: string;
  apiVersion: string;
  capabilities: string[];
  settings: Array<{ key: string; type: string; name: string }>;
  targets: string[];
  code?: string;
}
export declare function entryFor(config: unknown): string;
export declare function buildExtension(name: string, opts?: { appUrl?: string; write?: boolean }): Promise<BuiltExtension>;
export declare function localesOf(name: string): Record<string, Record<string, unknown>>;
