import { PassThrough } from "stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { applyStandinDocumentHeaders } from "./standin-seam.server";
import { errorMessage, log } from "./log.server";
import { isClientCaused, onlyClientErrors } from "./security/client-errors.server";
import { initObservability } from "./observability/init.server";
import { reportError } from "./observability/sentry.server";
import { ensureWorkerStarted } from "./worker.server";

export const streamTimeout = 5000;

// Tracing / Sentry when configured (nothing otherwise).
void initObservability();
// Embedded mode: the web process runs the job worker too (WORKER=off to disable).
ensureWorkerStarted();

const clientCaused = new WeakSet<Request>();

// Loader, action and render errors on the server (thrown Responses are not errors).
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const path = new URL(request.url).pathname;
  if (isClientCaused(error)) {
    // Remix hands the entry below sanitized errors in production: remember the verdict here.
    clientCaused.add(request);
    return log("warn", "bad request", { path, error: error instanceof Error ? error.message : String(error) });
  }
  log("error", "request failed", { path, error: errorMessage(error) });
  reportError(error, { path });
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // A malformed request is answered 400 (app/security/client-errors.server.ts).
  if (responseStatusCode === 500 && (clientCaused.has(request) || onlyClientErrors(remixContext.staticHandlerContext.errors))) responseStatusCode = 400;
  addDocumentResponseHeaders(request, responseHeaders);
  applyStandinDocumentHeaders(responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        // A boundary that cannot render a client error (404, 405, 400…) must not turn it into a 500.
        if (responseStatusCode < 400 || responseStatusCode >= 500) responseStatusCode = 500;
        if (responseStatusCode === 500) console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
