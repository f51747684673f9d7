// Outbound HTTP on a merchant's say-so (feed URLs, channel endpoints, alert webhooks). The
// address rule is applied to what DNS answers, inside the socket's own lookup, so the address
// that is checked is the address that is connected to (no DNS-rebinding window), and again on
// every redirect. Size and time are bounded.
import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable, Transform } from "node:stream";
import { checkAddress } from "./address-policy";

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface OutboundPolicy {
  /**
   * Exact origins (`http://127.0.0.1:4100`) exempt from the address rule: an operator's own
   * receiver, or the demo's and tests' local servers. Nothing else on loopback is reachable.
   */
  allowOrigins?: readonly string[];
  /** Refuse plain http (origins in allowOrigins excepted). Default: on in production. */
  requireHttps?: boolean;
  /** Largest response body; reading past it errors the body stream. Default 10 MB. */
  maxBytes?: number;
  /** Deadline for the whole exchange, body included. Default 10 s. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** DNS resolution (all addresses of a host); injectable so tests can play any answer. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export interface SafeRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/** The request was refused before anything was sent (or on a redirect). */
export class OutboundRefused extends Error {
  override name = "OutboundRefused";
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`refused ${url}: ${reason}`);
  }
}

/** Operator configuration: `OUTBOUND_ALLOW_ORIGINS` (comma-separated exact origins). */
export function outboundPolicyFromEnv(env: Record<string, string | undefined> = process.env): OutboundPolicy {
  const allowOrigins = (env.OUTBOUND_ALLOW_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s).origin);
  return { allowOrigins, requireHttps: env.NODE_ENV === "production" };
}

const defaultResolve = (hostname: string) =>
  new Promise<ResolvedAddress[]>((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function safeFetch(input: string | URL, init: SafeRequest = {}, policy: OutboundPolicy = {}): Promise<Response> {
  const maxRedirects = policy.maxRedirects ?? 5;
  const deadline = AbortSignal.timeout(policy.timeoutMs ?? 10_000);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  let url = new URL(input);
  let request = { ...init };
  for (let hop = 0; ; hop++) {
    const response = await exchange(url, request, policy, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || !location) return toResponse(response, url, policy.maxBytes ?? 10 * 1024 * 1024);
    response.resume();
    if (hop >= maxRedirects) throw new OutboundRefused(url.href, `more than ${maxRedirects} redirects`);
    url = new URL(location, url);
    const status = response.statusCode!;
    const method = (request.method ?? "GET").toUpperCase();
    if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
      request = { ...request, method: "GET", body: undefined };
    }
  }
}

function exchange(url: URL, init: SafeRequest, policy: OutboundPolicy, signal: AbortSignal): Promise<http.IncomingMessage> {
  const allowed = (policy.allowOrigins ?? []).includes(url.origin);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundRefused(url.href, `scheme ${url.protocol} is not allowed`);
  if (url.protocol === "http:" && policy.requireHttps && !allowed) throw new OutboundRefused(url.href, "only https is allowed");
  if (url.username || url.password) throw new OutboundRefused(url.href, "credentials in the URL are not allowed");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowed && isIP(host)) {
    const verdict = checkAddress(host);
    if (!verdict.ok) throw new OutboundRefused(url.href, verdict.reason);
  }
  const lookup = allowed ? undefined : guardedLookup(url.href, policy.resolve ?? defaultResolve);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: init.method ?? "GET", headers: init.headers, lookup, signal, agent: false }, resolve);
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A socket lookup that refuses the connection unless every address DNS gives is allowed. */
function guardedLookup(href: string, resolve: (hostname: string) => Promise<ResolvedAddress[]>): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.map((a) => checkAddress(a.address)).find((v) => !v.ok);
        if (addresses.length === 0) return callback(new OutboundRefused(href, `${hostname} has no address`), "", 0);
        if (refused && !refused.ok) return callback(new OutboundRefused(href, `${hostname} resolves to ${refused.reason}`), "", 0);
        if (options.all) return callback(null, addresses as never);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

function toResponse(message: http.IncomingMessage, url: URL, maxBytes: number): Response {
  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new OutboundRefused(url.href, `response larger than ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
  message.on("error", (error) => limited.destroy(error));
  message.pipe(limited);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const status = message.statusCode ?? 502;
  const nullBody = status === 204 || status === 304;
  if (nullBody) message.resume();
  const response = new Response(nullBody ? null : (Readable.toWeb(limited) as ReadableStream), {
    status,
    statusText: message.statusMessage,
    headers,
  });
  Object.defineProperty(response, "url", { value: url.href });
  return response;
}
