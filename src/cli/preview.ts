/**
 * `news-digest preview`: flags and wiring only. The server, the watcher and the
 * rebuilds are in ../app/preview/.
 *
 * Runs until Ctrl-C (or SIGTERM). Exit codes: 0 stopped, 1 could not start (port in
 * use...), 2 bad usage or a bad config file at the start (later mistakes show in the page).
 */
import { loadConfig } from "../config/index.js";
import { buildArgs, DEFAULT_STORIES } from "./build.js";
import { DEFAULT_PREVIEW_HOST, DEFAULT_PREVIEW_PORT, PreviewServerError, startPreview, type RunningPreview } from "../app/preview/index.js";
import { isLoopbackHost } from "../app/preview/index.js";
import { CONFIG_OPTION, defineCommand, EXIT, TEMPLATES_OPTION, UsageError } from "./kit/index.js";

export const previewCommand = defineCommand({
  name: "preview",
  summary: "serve a live preview of the edition that updates as templates change",
  usage: "[options] [story paths...]",
  about: `Builds the edition and serves a live preview: the email at phone and desktop
widths, in light and dark mode, its plain-text part and HTML source, checks (size,
images without alt text, links), and a "send test" button. Saving a template, a
story, the theme or the config updates the open page.`,
  notes: `"Send test" uses the same settings as \`news-digest send --test\`: SMTP_URL or
send.smtp in the config, and NEWS_DIGEST_TOKEN_KEY.`,
  options: {
    stories: { type: "string", value: "PATH", multiple: true, description: "story file or folder (repeatable; default: seeds)" },
    templates: TEMPLATES_OPTION,
    config: CONFIG_OPTION,
    port: { type: "string", value: "N", description: `port to listen on (default: ${DEFAULT_PREVIEW_PORT}; 0 picks a free one)` },
    host: {
      type: "string",
      value: "ADDRESS",
      description: `address to listen on (default: ${DEFAULT_PREVIEW_HOST}, this machine only); on another address, anyone who can reach it can use the page`,
    },
    "allow-host": {
      type: "string",
      value: "NAME",
      multiple: true,
      description: "also answer requests addressed to NAME (repeatable); other names than this machine's and the address's are refused",
    },
    date: { type: "string", value: "YYYY-MM-DD", description: "edition date (default: today in the config's time zone)" },
    now: { type: "string", value: "ISO-8601", description: 'a fixed "now" for relative times (default: the clock at each build)' },
  },
  positionals: true,
  graceful: true,
  async run({ values, positionals, io, signal, say }) {
    // Same defaults and checks as `build` for what the two share.
    const args = buildArgs(values, positionals, () => new Date());
    const port = parsePort(values.port);
    const host = values.host ?? DEFAULT_PREVIEW_HOST;
    if (host.trim() === "") throw new UsageError("--host: expected an address such as 127.0.0.1");
    const allowHosts = values["allow-host"] ?? [];
    const badName = allowHosts.find((name) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.:-]+)$/i.test(name.trim()));
    if (badName !== undefined) throw new UsageError(`--allow-host: expected a host name or address such as box.lan, got "${badName}"`);
    // A config that is bad from the start stops here, as in every command; once running,
    // a mistake saved in it shows in the page until it is fixed.
    await loadConfig(args.configFile, io.cwd);

    let preview: RunningPreview;
    try {
      preview = await startPreview({
        stories: args.stories ?? [DEFAULT_STORIES],
        templatesDir: args.templatesDir,
        ...(args.configFile ? { configFile: args.configFile } : {}),
        ...(args.date ? { date: args.date } : {}),
        // Without --now each build reads the clock, so relative times stay true.
        ...(values.now !== undefined ? { now: args.now } : {}),
        host,
        port,
        allowHosts,
        cwd: io.cwd,
        env: io.env,
        log: (message) => io.stderr(`${message}\n`),
      });
    } catch (error) {
      if (error instanceof PreviewServerError) {
        say(error.message);
        return EXIT.failed;
      }
      throw error;
    }
    io.stdout(`${preview.url}\n`);
    if (!isLoopbackHost(host)) {
      io.stderr(`warning: listening on ${host}: anyone who can reach this address can use the preview page, including "send test"\n`);
    }
    io.stderr("preview running: press Ctrl-C to stop\n");
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    await preview.close();
    return EXIT.done;
  },
});

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PREVIEW_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port: expected a port number from 0 to 65535, got "${text}"`);
  return port;
}
