/** `news-digest serve`: flags and wiring only; the server is ../app/serve/. */
import { resolve } from "node:path";
import { loadConfig } from "../config/index.js";
import { tokenKeyFromEnv } from "../links/index.js";
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT, ServeListenError, startServe } from "../app/serve/index.js";
import { CONFIG_OPTION, defineCommand, EXIT, UsageError } from "./kit/index.js";

export const serveCommand = defineCommand({
  name: "serve",
  summary: "answer one-click unsubscribes and serve the web archive and its feed, behind your site's proxy",
  usage: "[options]",
  about: `Route the paths of links.unsubscribeBase and links.viewInBrowserBase (and /healthz, if
your proxy checks health) to this server. NEWS_DIGEST_TOKEN_KEY must be the key the
unsubscribe links were signed with.`,
  options: {
    port: { type: "string", value: "N", description: `port to listen on (default: ${DEFAULT_SERVE_PORT}; 0 picks a free one)` },
    host: { type: "string", value: "ADDRESS", description: `address to listen on (default: ${DEFAULT_SERVE_HOST}: only the proxy on this machine reaches it)` },
    config: CONFIG_OPTION,
    state: { type: "string", value: "DIR", description: "state folder: unsubscribes and the archive (default: the config's send.stateDir)" },
  },
  graceful: true,
  async run({ values, io, signal, say }) {
    const port = parsePort(values.port);
    const { config } = await loadConfig(values.config, io.cwd);
    const key = tokenKeyFromEnv(io.env);
    if ("error" in key) throw new UsageError(key.error);
    let serve;
    try {
      serve = await startServe({
        config,
        tokenKey: key.key,
        stateDir: resolve(io.cwd, values.state ?? config.send.stateDir),
        host: values.host ?? DEFAULT_SERVE_HOST,
        port,
        log: (line) => io.stderr(`${line}\n`),
      });
    } catch (error) {
      if (error instanceof ServeListenError) {
        say(error.message);
        return EXIT.failed;
      }
      throw error;
    }
    io.stdout(`${serve.url}\n`);
    io.stderr(`serving ${serve.paths.unsubscribe} (unsubscribe), ${serve.paths.archive} (archive, feed.xml) and /healthz: press Ctrl-C to stop\n`);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    await serve.close();
    return EXIT.done;
  },
});

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SERVE_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${text}"`);
  return port;
}
