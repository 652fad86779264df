/**
 * `news-digest preview`: argument parsing and wiring only. The server, the watcher
 * and the rebuilds are in ../deliver/preview/.
 *
 * Runs until Ctrl-C (or SIGTERM). Exit codes: 0 stopped, 1 could not start (port in
 * use...), 2 bad usage.
 */
import { parseArgs } from "node:util";
import { buildArgs, DEFAULT_STORIES } from "./build.js";
import { DEFAULT_PREVIEW_HOST, DEFAULT_PREVIEW_PORT, PreviewServerError, startPreview, type RunningPreview } from "../app/preview/index.js";
import { isLoopbackHost } from "../app/preview/index.js";

export const PREVIEW_USAGE = `usage: news-digest preview [options] [story paths...]

Builds the edition and serves a live preview: the email at phone and desktop
widths, in light and dark mode, its plain-text part and HTML source, checks (size,
images without alt text, links), and a "send test" button. Saving a template, a
story, the theme or the config updates the open page.

options:
  --stories PATH      story file or folder (repeatable; default: seeds)
  --templates DIR     template folder (default: ./templates, else the built-in one)
  --config FILE       config file (default: news-digest.config.json if present)
  --port N            port to listen on (default: ${DEFAULT_PREVIEW_PORT}; 0 picks a free one)
  --host ADDRESS      address to listen on (default: ${DEFAULT_PREVIEW_HOST}, this machine only);
                      on another address, anyone who can reach it can use the page
  --allow-host NAME   also answer requests addressed to NAME (repeatable); other
                      names than this machine's and the address's are refused
  --date YYYY-MM-DD   edition date (default: today in the config's time zone)
  --now ISO-8601      a fixed "now" for relative times (default: the clock at each build)

"Send test" uses the same settings as \`news-digest send --test\`: SMTP_URL or
send.smtp in the config, and NEWS_DIGEST_TOKEN_KEY.`;

const OPTIONS = {
  stories: { type: "string", multiple: true },
  templates: { type: "string" },
  config: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "allow-host": { type: "string", multiple: true },
  date: { type: "string" },
  now: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function fail(message: string, code: number): number {
  process.stderr.write(`news-digest preview: ${message}\n`);
  return code;
}

function parsePort(text: string | undefined): number | string {
  if (text === undefined) return DEFAULT_PREVIEW_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) return `--port: expected a port number from 0 to 65535, got "${text}"`;
  return port;
}

export async function runPreview(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    process.stderr.write(`news-digest preview: ${(error as Error).message}\n${PREVIEW_USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(PREVIEW_USAGE + "\n");
    return 0;
  }
  // Same defaults and checks as `build` for what the two share.
  const args = buildArgs(values, positionals, () => new Date());
  if (typeof args === "string") return fail(args, 2);
  const port = parsePort(values.port);
  if (typeof port === "string") return fail(port, 2);
  const host = values.host ?? DEFAULT_PREVIEW_HOST;
  if (host.trim() === "") return fail("--host: expected an address such as 127.0.0.1", 2);
  const allowHosts = values["allow-host"] ?? [];
  const badName = allowHosts.find((name) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.:-]+)$/i.test(name.trim()));
  if (badName !== undefined) return fail(`--allow-host: expected a host name or address such as box.lan, got "${badName}"`, 2);

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
      log: (message) => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof PreviewServerError) return fail(error.message, 1);
    throw error;
  }
  process.stdout.write(`${preview.url}\n`);
  if (!isLoopbackHost(host)) {
    process.stderr.write(`warning: listening on ${host}: anyone who can reach this address can use the preview page, including "send test"\n`);
  }
  process.stderr.write("preview running: press Ctrl-C to stop\n");

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await preview.close();
  return 0;
}
