/**
 * serve's HTTP server (node:http, nothing else): routes each request, answers 404 for
 * any path it does not own, and logs one line per request with the method, the path
 * without its query (tokens live there), the status and the time taken.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleArchive, type ArchiveEndpoint } from "./archive-routes.js";
import { answerText } from "./http.js";
import { routeOf, type ServePaths } from "./routes.js";
import { handleUnsubscribe, type UnsubscribeEndpoint } from "./unsubscribe.js";

export interface ServeServerOptions {
  host: string;
  port: number;
  paths: ServePaths;
  unsubscribe: UnsubscribeEndpoint;
  archive: ArchiveEndpoint;
  /** One line per request; nothing is logged without it. */
  log?: (line: string) => void;
}

/** Listening failed (port in use, address not on this machine): one line for the operator. */
export class ServeListenError extends Error {
  override name = "ServeListenError";
}

export async function listen(options: ServeServerOptions): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => void respond(req, res, options));
  // A slow or stalled client cannot hold a connection open for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new ServeListenError(`cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`)));
    server.listen(options.port, options.host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function respond(req: IncomingMessage, res: ServerResponse, options: ServeServerOptions): Promise<void> {
  const started = performance.now();
  const url = new URL(req.url ?? "/", "http://serve.invalid");
  res.on("finish", () => options.log?.(`${req.method ?? "?"} ${logPath(url.pathname)} ${res.statusCode} ${Math.round(performance.now() - started)}ms`));
  try {
    const route = routeOf(url.pathname, options.paths);
    if (route.kind === "health") return answerText(res, 200, "ok");
    if (route.kind === "unsubscribe") return await handleUnsubscribe(req, res, url.searchParams, options.unsubscribe);
    if (route.kind === "archive" && (await handleArchive(req, res, route.rest, options.archive))) return;
    answerText(res, 404, "not found");
  } catch (error) {
    // A store that cannot write (a full disk): the reader or the robot tries again later.
    options.log?.(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) answerText(res, 500, "something went wrong; please try again later");
    else res.destroy();
  }
}

/** The path as logged: control characters replaced, cut to a sane length. */
function logPath(pathname: string): string {
  const safe = pathname.replace(/[\u0000-\u001f\u007f-\u009f]/g, "\ufffd");
  return safe.length > 120 ? `${safe.slice(0, 120)}…` : safe;
}
