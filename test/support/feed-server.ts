// A real HTTP server on 127.0.0.1 (port 0) for feed tests: each path is a small
// handler, and every request is logged with its headers, status and the body
// bytes actually written, so tests can see what went over the wire.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoggedRequest {
  path: string;
  headers: IncomingMessage["headers"];
  status?: number;
  bodyBytes: number;
  /** True when the client went away before the response finished. */
  aborted: boolean;
}

export type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface FeedServer {
  url(path: string): string;
  route(path: string, handler: Route): void;
  requests: LoggedRequest[];
  hits(path: string): LoggedRequest[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const requests: LoggedRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const logged: LoggedRequest = { path, headers: req.headers, bodyBytes: 0, aborted: false };
    requests.push(logged);
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.bodyBytes += byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== "function") logged.bodyBytes += byteLength(chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.on("finish", () => (logged.status = res.statusCode));
    res.on("close", () => {
      logged.status ??= res.statusCode;
      if (!res.writableFinished) logged.aborted = true;
    });
    const handler = routes.get(path);
    if (!handler) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    handler(req, res, requests.filter((r) => r.path === path).length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    route: (path, handler) => void routes.set(path, handler),
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function byteLength(chunk: unknown): number {
  if (typeof chunk === "string") return Buffer.byteLength(chunk);
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}

/** Serves `body` with an ETag and Last-Modified, answering 304 to a matching conditional request. */
export function conditionalRoute(current: () => { body: string; etag: string; lastModified: string; type: string }): Route {
  return (req, res) => {
    const { body, etag, lastModified, type } = current();
    res.setHeader("etag", etag);
    res.setHeader("last-modified", lastModified);
    if (req.headers["if-none-match"] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader("content-type", type);
    res.end(body);
  };
}

export interface FeedItem {
  id: string;
  title: string;
  url: string;
  published: string;
  modified?: string;
  text?: string;
}

export function jsonFeed(title: string, items: FeedItem[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title,
    home_page_url: "https://news.example.com/",
    items: items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: `<p>${item.text ?? `${item.title}.`}</p>`,
      date_published: item.published,
      ...(item.modified ? { date_modified: item.modified } : {}),
    })),
  });
}

export function rssFeed(title: string, items: FeedItem[]): string {
  const entries = items
    .map(
      (item) => `<item><title>${item.title}</title><link>${item.url}</link><guid>${item.id}</guid>` +
        `<pubDate>${new Date(item.published).toUTCString()}</pubDate><description>&lt;p&gt;${item.text ?? item.title}&lt;/p&gt;</description></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://news.example.com/</link><description>News</description>${entries}</channel></rss>`;
}
