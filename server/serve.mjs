// The web process in production (`npm start`): the Remix build served by Express as remix-serve
// serves it (compression, fingerprinted assets cached for a year, public/ for an hour, an access
// log, PORT and HOST), with the requests Remix would answer with a bare 500 answered 4xx first
// (server/refusals.mjs), and a Host header that is not a host answered 400.
//
//   node server/serve.mjs [build/server/index.js]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { createRefusals } from "./refusals.mjs";

process.env.NODE_ENV ??= "production";
const build = await import(pathToFileURL(resolve(process.argv[2] ?? "build/server/index.js")).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const refusal = createRefusals(build);

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
app.use(morgan("tiny"));
app.use((req, res, next) => {
  const { refuse, allow } = refusal(req.method, req.originalUrl, req.headers);
  if (allow !== null) res.set("Allow", allow);
  if (!refuse) return next();
  res.status(refuse.status).type("text/plain").send(refuse.message);
});
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
// The adapter builds the request URL from the Host header before any app code runs.
app.use((error, _req, res, next) => {
  if (error?.code !== "ERR_INVALID_URL" || res.headersSent) return next(error);
  res.status(400).type("text/plain").send("Bad Request: malformed Host header");
});

const port = Number(process.env.PORT) || 3000;
const onListen = () => console.log(`[stockroom] http://${process.env.HOST ?? "localhost"}:${port}`);
const server = process.env.HOST ? app.listen(port, process.env.HOST, onListen) : app.listen(port, onListen);
for (const signal of ["SIGTERM", "SIGINT"]) process.once(signal, () => server.close(console.error));
