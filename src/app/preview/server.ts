/**
 * The preview's HTTP server (node:http, nothing else): the page, its script and
 * style, the current edition's HTML, text and digest, the state as JSON and as a
 * Server-Sent Events stream, and the send-test POST. Which requests are answered is
 * decided by ./request-rules.ts; what is shown comes from a LiveEdition.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { checkAddress } from "../../deliver/send/index.js";
import { forceColorScheme } from "./color-scheme.js";
import type { LiveEdition, PreviewState } from "./live-edition.js";
import { PAGE_SCRIPT } from "./page/index.js";
import { pageHtml } from "./page/index.js";
import { PAGE_CSS } from "./page/index.js";
import { allowedHostNames, isAllowedHostHeader, resolveRequest, sendRequestProblem, type Route } from "./request-rules.js";

interface PreviewServerOptions {
  /** Address to listen on; 127.0.0.1 unless the editor asks otherwise. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  live: LiveEdition;
  clock?: () => Date;
  /** Host names besides this machine's own that requests may be addressed to (--allow-host). */
  allowHosts?: readonly string[];
  /** Keep-alive comments on idle event streams, so proxies and browsers keep them open. */
  heartbeatMs?: number;
}

export interface PreviewServer {
  /** Where to open the preview. */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Listening failed (port in use, address not on this machine...): one line for the editor. */
export class PreviewServerError extends Error {
  override name = "PreviewServerError";
}

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
// The email may load its remote images and nothing else: no script runs in it (the
// frame is sandboxed as well), and only the preview page may frame it.
const EMAIL_CSP =
  "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; font-src http: https: data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
const NO_EDITION_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No edition yet</title></head>' +
  '<body style="font:14px system-ui,sans-serif;color:#5f6368;padding:24px">No edition has built yet.</body></html>';
const MAX_SEND_BODY_BYTES = 4096;

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case "EADDRINUSE":
      return `port ${port} is already in use on ${host}: stop whatever runs there or choose another port with --port`;
    case "EACCES":
      return `no permission to listen on port ${port} (ports below 1024 need root): choose another with --port`;
    case "EADDRNOTAVAIL":
      return `cannot listen on ${host}: that address does not belong to this machine (--host)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot listen on ${host}: unknown host name (--host)`;
    default:
      return `cannot listen on ${host}:${port}: ${error.message}`;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, "text/plain; charset=utf-8", text);
}

/** The request body, or null once it grows past MAX_SEND_BODY_BYTES (the request is then dropped). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SEND_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The names besides loopback ones that requests may be addressed to, from this machine's name and interfaces. */
function machineHostNames(host: string, extra: readonly string[]): Set<string> {
  return allowedHostNames(host, {
    hostname: hostname(),
    addresses: Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address)),
    extra,
  });
}

/** The open /events streams: each gets every new state, and keep-alive comments while idle. */
interface EventStreams {
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Stops the heartbeat and the state subscription, and ends every open stream. */
  close(): void;
}

function openEventStreams(live: LiveEdition, heartbeatMs: number): EventStreams {
  // Tells an open page that the server it talks to was restarted (its token is then stale).
  const session = randomBytes(8).toString("hex");
  const eventData = (state: PreviewState): string => `data: ${JSON.stringify({ ...state, session })}\n\n`;
  const streams = new Set<ServerResponse>();
  const stopListening = live.onState((state) => {
    const message = eventData(state);
    for (const stream of streams) stream.write(message);
  });
  const heartbeat = setInterval(() => {
    for (const stream of streams) stream.write(": keep-alive\n\n");
  }, heartbeatMs);
  heartbeat.unref();
  return {
    serve(req, res) {
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        Connection: "keep-alive",
      });
      // Reconnect quickly if the stream drops (the server restarted, a laptop woke up).
      res.write(`retry: 1000\n${eventData(live.state())}`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
    },
    close() {
      clearInterval(heartbeat);
      stopListening();
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

/** The POST /send-test handler; it sends one test copy at a time. */
function sendTestHandler(live: LiveEdition, token: string, clock: () => Date): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  let sending = false;
  return async (req, res) => {
    const refused = sendRequestProblem(req.headers as Record<string, string | undefined>, token);
    if (refused) return sendJson(res, 403, { error: refused });
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { error: "request too large" });
    let address: unknown;
    try {
      address = (JSON.parse(body) as { address?: unknown }).address;
    } catch {
      return sendJson(res, 400, { error: "expected a JSON body such as {\"address\": \"you@example.com\"}" });
    }
    if (typeof address !== "string") return sendJson(res, 400, { error: "expected an address" });
    const checked = checkAddress(address);
    if (!checked.ok) return sendJson(res, 400, { error: checked.reason });
    const edition = live.edition;
    if (!edition) return sendJson(res, 409, { error: "no edition has built yet" });
    if (!edition.send.ready) return sendJson(res, 503, { error: edition.send.reason });
    if (sending) return sendJson(res, 409, { error: "a test copy is already on its way: wait for it" });
    sending = true;
    try {
      const message = await edition.send.send(checked.email, clock());
      sendJson(res, 200, { ok: true, message });
    } catch (error) {
      sendJson(res, 502, { error: `sending failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      sending = false;
    }
  };
}

/** What the request handlers share for the life of one server. */
interface Handlers {
  live: LiveEdition;
  token: string;
  allowedHosts: ReadonlySet<string>;
  events: EventStreams;
  sendTest: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

function serveGet(handlers: Handlers, route: Exclude<Route, "send-test">, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
  const { live, token, events } = handlers;
  const edition = live.edition;
  switch (route) {
    case "page":
      return send(res, 200, "text/html; charset=utf-8", pageHtml(token), { "Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY" });
    case "script":
      return send(res, 200, "text/javascript; charset=utf-8", PAGE_SCRIPT);
    case "style":
      return send(res, 200, "text/css; charset=utf-8", PAGE_CSS);
    case "email-html": {
      const scheme = query.get("scheme");
      const html = !edition ? NO_EDITION_HTML : scheme === "dark" || scheme === "light" ? forceColorScheme(edition.html, scheme) : edition.html;
      // The source view asks for the HTML without a scheme: shown as text, exactly as sent.
      return send(res, 200, "text/html; charset=utf-8", html, { "Content-Security-Policy": EMAIL_CSP, "X-Frame-Options": "SAMEORIGIN" });
    }
    case "email-text":
      return edition ? sendText(res, 200, edition.text) : sendText(res, 404, "no edition has built yet");
    case "digest":
      return edition ? sendJson(res, 200, edition.digest) : sendJson(res, 404, { error: "no edition has built yet" });
    case "state":
      return sendJson(res, 200, live.state());
    case "events":
      return req.method === "HEAD" ? send(res, 200, "text/event-stream; charset=utf-8", "") : events.serve(req, res);
    case "favicon":
      return send(res, 204, "text/plain", "");
  }
}

async function handleRequest(handlers: Handlers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isAllowedHostHeader(req.headers.host, handlers.allowedHosts)) {
    const names = ["localhost", "127.0.0.1", ...handlers.allowedHosts].join(", ");
    return sendText(res, 403, `this preview only answers requests addressed to ${names}; start it with --allow-host NAME to add a name`);
  }
  const resolved = resolveRequest(req.url);
  if (!resolved.ok) return sendText(res, resolved.status, resolved.reason);
  const { route, query } = resolved;
  if (route === "send-test") {
    if (req.method !== "POST") return send(res, 405, "text/plain; charset=utf-8", "use POST", { Allow: "POST" });
    return handlers.sendTest(req, res);
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, "text/plain; charset=utf-8", "use GET", { Allow: "GET, HEAD" });
  }
  serveGet(handlers, route, query, req, res);
}

/** Resolves once the server listens; rejects with the editor's one line when it cannot. */
function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new PreviewServerError(listenProblem(error, host, port)));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { live, host } = options;
  const token = randomBytes(24).toString("hex");
  const events = openEventStreams(live, options.heartbeatMs ?? 15_000);
  const handlers: Handlers = {
    live,
    token,
    allowedHosts: machineHostNames(host, options.allowHosts ?? []),
    events,
    sendTest: sendTestHandler(live, token, options.clock ?? (() => new Date())),
  };
  const server = createServer((req, res) => {
    handleRequest(handlers, req, res).catch((error: unknown) => {
      // A bug in a handler answers 500; the server keeps running.
      if (!res.headersSent) sendText(res, 500, `preview server error: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });
  try {
    await listen(server, host, options.port);
  } catch (error) {
    events.close();
    throw error;
  }

  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${hostForUrl(host)}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
