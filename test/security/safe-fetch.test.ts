import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAddress } from "../../app/security/address-policy";
import { OutboundRefused, outboundPolicyFromEnv, safeFetch, type OutboundPolicy } from "../../app/security/safe-fetch.server";

let server: http.Server;
let origin: string;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url!);
    const u = new URL(req.url!, "http://x");
    if (u.pathname === "/ok") return res.end("hello");
    if (u.pathname === "/redirect") {
      res.writeHead(302, { Location: u.searchParams.get("to")! });
      return res.end();
    }
    if (u.pathname === "/big") {
      res.write(Buffer.alloc(64 * 1024, 97));
      res.write(Buffer.alloc(64 * 1024, 97));
      return res.end();
    }
    if (u.pathname === "/slow") return setTimeout(() => res.end("late"), 2_000);
    if (u.pathname === "/echo") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => res.end(`${req.method} ${body}`));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const allowLocal = (): OutboundPolicy => ({ allowOrigins: [origin] });

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    const res = (await p) as Response;
    await res.text();
  } catch (error) {
    if (error instanceof OutboundRefused) return error.reason;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof OutboundRefused) return cause.reason;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("address policy", () => {
  it.each(["127.0.0.1", "10.0.0.7", "172.16.4.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd12::1", "fe80::1", "::ffff:10.0.0.1", "224.0.0.1"])(
    "refuses %s",
    (a) => expect(checkAddress(a).ok).toBe(false),
  );
  it.each(["8.8.8.8", "151.101.1.69", "2606:4700:4700::1111"])("allows public %s", (a) => expect(checkAddress(a).ok).toBe(true));
});

describe("safeFetch", () => {
  it("refuses loopback unless the exact origin is allowed, and sends nothing", async () => {
    const before = hits.length;
    expect(await refusal(safeFetch(`${origin}/ok`))).toMatch(/loopback/);
    expect(hits.length).toBe(before);
    const res = await safeFetch(`${origin}/ok`, {}, allowLocal());
    expect(await res.text()).toBe("hello");
  });

  it("refuses a host whose DNS answer is private, link-local or mixed", async () => {
    const resolveTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
    expect(await refusal(safeFetch("http://feeds.example.test/f.csv", {}, { resolve: resolveTo("10.1.2.3") }))).toMatch(/private/);
    expect(await refusal(safeFetch("http://meta.example.test/", {}, { resolve: resolveTo("169.254.169.254") }))).toMatch(/linkLocal/);
    expect(await refusal(safeFetch("http://mixed.example.test/", {}, { resolve: resolveTo("127.0.0.1") }))).toMatch(/loopback/);
  });

  it("checks every redirect: to a private literal, to loopback on another port, to a private DNS answer", async () => {
    const to = (target: string) => `${origin}/redirect?to=${encodeURIComponent(target)}`;
    expect(await refusal(safeFetch(to("http://10.0.0.1/x"), {}, allowLocal()))).toMatch(/private/);
    expect(await refusal(safeFetch(to("http://127.0.0.1:9/x"), {}, allowLocal()))).toMatch(/loopback/);
    const resolve = async () => [{ address: "192.168.0.10", family: 4 }];
    expect(await refusal(safeFetch(to("http://intranet.example.test/"), {}, { ...allowLocal(), resolve }))).toMatch(/private/);
    const followed = await safeFetch(to(`${origin}/ok`), {}, allowLocal());
    expect(await followed.text()).toBe("hello");
  });

  it("stops after too many redirects", async () => {
    let url = `${origin}/ok`;
    for (let i = 0; i < 4; i++) url = `${origin}/redirect?to=${encodeURIComponent(url)}`;
    expect(await refusal(safeFetch(url, {}, { ...allowLocal(), maxRedirects: 2 }))).toMatch(/redirects/);
  });

  it("enforces https when required, schemes and credentials", async () => {
    expect(await refusal(safeFetch("http://shop.example.test/", {}, { requireHttps: true }))).toMatch(/https/);
    expect(await refusal(safeFetch("file:///etc/passwd"))).toMatch(/scheme/);
    expect(await refusal(safeFetch("https://u:p@example.test/"))).toMatch(/credentials/);
    expect(outboundPolicyFromEnv({ NODE_ENV: "production" }).requireHttps).toBe(true);
    expect(outboundPolicyFromEnv({ OUTBOUND_ALLOW_ORIGINS: "http://127.0.0.1:4100/ , http://localhost:5" }).allowOrigins).toEqual([
      "http://127.0.0.1:4100",
      "http://localhost:5",
    ]);
  });

  it("limits the body size and the time", async () => {
    expect(await refusal(safeFetch(`${origin}/big`, {}, { ...allowLocal(), maxBytes: 100_000 }))).toMatch(/larger than/);
    const ok = await safeFetch(`${origin}/big`, {}, { ...allowLocal(), maxBytes: 200_000 });
    expect((await ok.arrayBuffer()).byteLength).toBe(128 * 1024);
    await expect(safeFetch(`${origin}/slow`, {}, { ...allowLocal(), timeoutMs: 200 }).then((r) => r.text())).rejects.toThrow();
  });

  it("posts a body and turns a 303 into a GET", async () => {
    const res = await safeFetch(`${origin}/echo`, { method: "POST", body: "abc", headers: { "content-type": "text/plain" } }, allowLocal());
    expect(await res.text()).toBe("POST abc");
    const after = await safeFetch(`${origin}/redirect?to=${encodeURIComponent("/echo")}`, { method: "POST", body: "abc" }, allowLocal());
    expect(await after.text()).toBe("GET ");
  });
});
