/**
 * `news-digest serve` as a library function: the one-click unsubscribe endpoint
 * (RFC 8058) and its page at links.unsubscribeBase's path, the web archive and its Atom
 * feed at links.viewInBrowserBase's path, and /healthz, for an operator to put behind
 * the site's proxy.
 *
 *   const serve = await startServe({ config, tokenKey });   // ... later: await serve.close();
 */
import type { Config } from "../../config/index.js";
import { listIdentityFrom } from "../../config/index.js";
import { archiveSiteFrom } from "../archive/index.js";
import { servePathsFrom, type ServePaths } from "./routes.js";
import { listen } from "./server.js";
import { suppressionUnsubscriber, type OpenSuppressions } from "./unsubscriber.js";

export interface ServeOptions {
  config: Config;
  /** NEWS_DIGEST_TOKEN_KEY: the key the unsubscribe links were signed with. */
  tokenKey: string;
  /** Where unsubscribes and the archive live; the config's send.stateDir by default. */
  stateDir?: string;
  /** Loopback by default: the proxy in front is what the world reaches. */
  host?: string;
  /** 8080 by default; 0 picks a free port. */
  port?: number;
  log?: (line: string) => void;
  /** Opens a newsletter's suppression list; deliver/suppressions by default (tests inject failures). */
  openSuppressions?: OpenSuppressions;
  clock?: () => Date;
}

export interface RunningServe {
  /** Where this process listens (not the public url the proxy gives it). */
  url: string;
  paths: ServePaths;
  /** Stops accepting requests, waits for those in flight and their writes, closes the stores. */
  close(): Promise<void>;
}

export const DEFAULT_SERVE_PORT = 8080;
export const DEFAULT_SERVE_HOST = "127.0.0.1";

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { config } = options;
  const stateDir = options.stateDir ?? config.send.stateDir;
  const clock = options.clock ?? (() => new Date());
  const host = options.host ?? DEFAULT_SERVE_HOST;
  const ownListId = listIdentityFrom(config).listId;
  const unsubscriber = suppressionUnsubscriber(stateDir, options.openSuppressions, clock);
  const paths = servePathsFrom(config.links);
  const { server, port } = await listen({
    host,
    port: options.port ?? DEFAULT_SERVE_PORT,
    paths,
    unsubscribe: {
      tokenKey: options.tokenKey,
      unsubscriber,
      // A token signed for another list id (the config changed since) still names a list: show that.
      newsletterName: (listId) => (listId === ownListId ? config.title : listId),
      language: config.language,
    },
    archive: { stateDir, site: archiveSiteFrom(config), clock },
    ...(options.log ? { log: options.log } : {}),
  });
  const shownHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${shownHost}:${port}`,
    paths,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await unsubscriber.close();
    },
  };
}

export { ServeListenError } from "./server.js";
export type { OpenSuppressions } from "./unsubscriber.js";
