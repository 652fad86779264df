/**
 * `news-digest preview` as a library function: builds the edition, serves the
 * preview page, and rebuilds whenever the templates, the stories or the config
 * change, pushing each result to every open page.
 *
 *   const preview = await startPreview({ stories: ["seeds"], templatesDir: "templates" });
 *   console.log(preview.url);   // ... later: await preview.close();
 */
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG_FILE } from "../../config/index.js";
import { ALL_CHANGES, createPreviewBuild, isFeedUrl, type ChangeKind, type PreviewBuild, type PreviewBuildOptions } from "./build.js";
import { formatFailure } from "./build-failure.js";
import { LiveEdition, type BuildOutcome } from "./live-edition.js";
import { startPreviewServer, type PreviewServer } from "./server.js";
import { watchTree, type TreeWatcher, type WatchTarget } from "./watcher.js";

export interface PreviewOptions extends PreviewBuildOptions {
  /** 127.0.0.1 by default: the preview is for this machine only. */
  host?: string;
  /** Host names besides this machine's own that requests may be addressed to (--allow-host). */
  allowHosts?: readonly string[];
  /** 4000 by default; 0 picks a free port. */
  port?: number;
  /** Where build results and failures are reported, one message per build. */
  log?: (message: string) => void;
  /** Quiet time after a burst of file events before rebuilding, in ms. */
  debounceMs?: number;
  /** Replaces the pipeline build (tests of the server alone). */
  build?: PreviewBuild;
}

export interface RunningPreview {
  url: string;
  server: PreviewServer;
  live: LiveEdition;
  /** Resolves when the first build has finished (built or failed) and every watch is set up. */
  ready: Promise<void>;
  /** Stops watching, closes the server and its event streams, and waits for a running build to end. */
  close(): Promise<void>;
}

export const DEFAULT_PREVIEW_PORT = 4000;
export const DEFAULT_PREVIEW_HOST = "127.0.0.1";

/** The files and folders whose changes rebuild the edition. */
function watchTargets(options: PreviewBuildOptions): WatchTarget<ChangeKind>[] {
  const cwd = options.cwd ?? process.cwd();
  const stories = options.stories.filter((path) => !isFeedUrl(path)); // feeds are not files
  return [
    { path: resolve(cwd, options.templatesDir), kind: "templates" },
    ...stories.map((path) => ({ path: resolve(cwd, path), kind: "stories" as const })),
    { path: options.configFile ? resolve(cwd, options.configFile) : join(cwd, DEFAULT_CONFIG_FILE), kind: "config" },
  ];
}

function describeOutcome(outcome: BuildOutcome, editionId: string | undefined): string {
  if (outcome.ok) {
    const how = outcome.mode === "templates" ? "templates re-rendered" : "built";
    return `${editionId ?? "edition"} ${how} in ${outcome.ms} ms`;
  }
  const text = formatFailure(outcome.failure!);
  return outcome.error instanceof Error && outcome.error.stack ? `${text}\n${outcome.error.stack}` : text;
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const live = new LiveEdition(options.build ?? createPreviewBuild(options));
  const server = await startPreviewServer({
    host: options.host ?? DEFAULT_PREVIEW_HOST,
    port: options.port ?? DEFAULT_PREVIEW_PORT,
    ...(options.allowHosts ? { allowHosts: options.allowHosts } : {}),
    live,
  });
  const log = options.log;
  if (log) live.onBuild((outcome) => log(describeOutcome(outcome, live.edition?.editionId)));
  let watcher: TreeWatcher;
  try {
    watcher = watchTree(watchTargets(options), (kinds) => void live.rebuild(kinds), {
      ...(options.debounceMs === undefined ? {} : { debounceMs: options.debounceMs }),
      ...(log ? { onWarning: log } : {}),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  const firstBuild = live.rebuild(ALL_CHANGES);
  return {
    url: server.url,
    server,
    live,
    ready: Promise.all([firstBuild, watcher.ready]).then(() => undefined),
    async close(): Promise<void> {
      await watcher.close();
      await server.close();
      await live.idle();
    },
  };
}

export { PreviewServerError } from "./server.js";
export { isLoopbackHost } from "./request-rules.js";
