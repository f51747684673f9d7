// The deployment files cannot run here (no Docker): check that they parse and that every npm
// script they name exists in package.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
const npmScripts = (text: string) => [...text.matchAll(/npm(?:",\s*"|\s+)(?:run(?:",\s*"|\s+))?([a-z][\w:-]*)/g)].map((m) => m[1]).filter((s) => s !== "ci");

describe("deployment files", () => {
  it("Dockerfile: multi-stage on Node 22, and its commands exist", () => {
    const text = readFileSync("Dockerfile", "utf8");
    const stages = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) if (!["deps", "build"].includes(s[1])) expect(s[1]).toMatch(/^node:22/);
    expect(text).toMatch(/^CMD \[/m);
    for (const s of npmScripts(text)) expect(scripts, `npm script "${s}"`).toHaveProperty(s);
  });

  it("docker-compose.yml: PostgreSQL, web processes with WORKER=off, worker processes", () => {
    const compose = parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as { services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string> }> };
    expect(compose.services.db.image).toMatch(/^postgres:/);
    expect(compose.services.web.environment?.WORKER).toBe("off");
    expect(compose.services.web.environment?.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(compose.services.worker.command).toEqual(["npm", "run", "worker"]);
    for (const svc of Object.values(compose.services)) for (const s of npmScripts(JSON.stringify(svc.command ?? []))) expect(scripts, `npm script "${s}"`).toHaveProperty(s);
  });

  it("Procfile: web and worker process types whose commands exist", () => {
    const types = Object.fromEntries(
      readFileSync("Procfile", "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
    );
    expect(Object.keys(types)).toEqual(expect.arrayContaining(["web", "worker"]));
    expect(types.web).toContain("WORKER=off");
    for (const cmd of Object.values(types)) for (const s of npmScripts(cmd)) expect(scripts, `npm script "${s}"`).toHaveProperty(s);
  });
});
