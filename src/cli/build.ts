/**
 * `news-digest build`: stories -> a finished edition in out/<edition-id>/.
 * Argument parsing, printing and exit codes only; the work is in ../pipeline.ts.
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config/index.js";
import { isIsoDate, parseInstant } from "../text/index.js";
;
import { writePreviewFiles, type PreviewPaths } from "../app/out/index.js";
import { tokenKeyFromEnv } from "../links/index.js";
import { MessageSettingsError } from "../deliver/send/index.js";
import { chooseStorySources } from "../config/index.js";
import type { BuiltEdition } from "../pipeline.js";
import { EmailRuleError, TemplateError } from "../render/index.js";
import { preloadMjml } from "../render/index.js";
import { defaultTemplatesDir } from "../render/index.js";

export const BUILD_USAGE = `usage: news-digest build [options] [story paths...]

Builds an edition from stories and writes out/<edition-id>/: index.html, index.txt,
digest.json, message.eml (a sample recipient's MIME message) and edition.json
(the compiled edition, for \`send --edition\`).

options:
  --stories PATH|URL  story file, folder or feed URL (repeatable; default: the
                      config's "sources", else seeds)
  --templates DIR     template folder (default: ./templates, else the built-in one)
  --out DIR           output folder (default: out)
  --date YYYY-MM-DD   edition date (default: today in the config's time zone)
  --now ISO-8601      the build's "now", for reproducible relative times (default: the clock)
  --config FILE       config file (default: news-digest.config.json if present)
  --strict            fail on unreadable stories and theme contrast warnings
  --json              print a JSON summary instead of text

With NEWS_DIGEST_TOKEN_KEY set, the sample message's unsubscribe link is signed as a
sent copy's is; without it, it is a placeholder.`;

export const BUILD_OPTIONS = {
  stories: { type: "string", multiple: true },
  templates: { type: "string" },
  out: { type: "string" },
  date: { type: "string" },
  now: { type: "string" },
  config: { type: "string" },
  strict: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** What `build` reads when neither --stories nor the config's sources say. */
export const DEFAULT_STORIES = "seeds";

export interface BuildArgs {
  /** Story paths and feed URLs from the command line; undefined when none were given. */
  stories?: string[];
  templatesDir: string;
  outDir: string;
  date?: string;
  now: Date;
  configFile?: string;
  strict: boolean;
  json: boolean;
}

/** Command-line values -> build arguments, or a one-line usage error. */
export function buildArgs(values: Record<string, unknown>, positionals: string[], clock: () => Date): BuildArgs | string {
  const date = values.date as string | undefined;
  if (date !== undefined && !isIsoDate(date)) return `--date: expected a date as YYYY-MM-DD, got "${date}"`;
  const nowText = values.now as string | undefined;
  const now = nowText === undefined ? clock() : parseInstant(nowText);
  if (!now) return `--now: expected an ISO 8601 time such as 2024-06-20T07:00:00Z, got "${nowText}"`;
  const stories = [...((values.stories as string[] | undefined) ?? []), ...positionals];
  const args: BuildArgs = {
    templatesDir: (values.templates as string | undefined) ?? defaultTemplatesDir(),
    outDir: (values.out as string | undefined) ?? "out",
    now,
    strict: values.strict === true,
    json: values.json === true,
  };
  if (stories.length > 0) args.stories = stories;
  if (date !== undefined) args.date = date;
  if (values.config !== undefined) args.configFile = values.config as string;
  return args;
}

/** No story could be shown: an empty newsletter is never written. */
export class NothingToBuildError extends Error {
  constructor(stories: readonly string[], inputErrors: BuiltEdition["inputErrors"]) {
    const errors = inputErrors.map((e) => `${e.line === undefined ? e.file : `${e.file}:${e.line}`}: ${e.message}`);
    super([...errors, `no stories to build an edition from in ${stories.join(", ")}`].join("\n"));
    this.name = "NothingToBuildError";
  }
}

export interface BuildOutcome {
  built: BuiltEdition;
  paths: PreviewPaths;
}

/** Runs a build and writes its files; throws on bad input (see `explainFailure`). */
export async function runBuildWith(args: BuildArgs): Promise<BuildOutcome> {
  // MJML loads in a worker thread; starting it before the pipeline's own imports
  // lets the two overlap (see ../render/mjml.ts).
  preloadMjml();
  const [{ buildEdition }, { sampleMessageEml }] = await Promise.all([import("../pipeline.js"), import("../app/out/index.js")]);
  const { config, file } = await loadConfig(args.configFile);
  const input = chooseStorySources(args.stories, config, file) ?? { sources: [DEFAULT_STORIES] };
  // Building never needs the key; with one, the sample's unsubscribe link is a real one.
  const key = tokenKeyFromEnv();
  const built = await buildEdition({
    stories: input.sources,
    ...(input.baseDir !== undefined ? { storiesBaseDir: input.baseDir } : {}),
    templatesDir: args.templatesDir,
    config,
    now: args.now,
    ...(args.date ? { date: args.date } : {}),
    ...("key" in key ? { tokenKey: key.key } : {}),
  });
  if (built.digest.counts.stories === 0) throw new NothingToBuildError(input.sources, built.inputErrors);
  const { edition } = built.render;
  const { message } = built.sample;
  const eml = await sampleMessageEml(built, config, args.now);
  const paths = await writePreviewFiles(args.outDir, {
    html: message.html,
    text: message.text,
    digest: built.digest,
    eml,
    edition,
  });
  return { built, paths };
}

/** A known failure as the lines to print, or undefined for a bug (which should surface as is). */
export function explainFailure(error: unknown): string | undefined {
  if (
    error instanceof ConfigError ||
    error instanceof TemplateError ||
    error instanceof EmailRuleError ||
    error instanceof NothingToBuildError
  ) {
    return error.message;
  }
  if (error instanceof MessageSettingsError) {
    return `message.eml: ${error.message} (the headers come from links.unsubscribeBase, send.listId and send.unsubscribeMailto in the config)`;
  }
  return undefined;
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
}

export async function runBuild(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: BUILD_OPTIONS });
  } catch (error) {
    process.stderr.write(`news-digest build: ${(error as Error).message}\n${BUILD_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(BUILD_USAGE + "\n");
    return 0;
  }
  const args = buildArgs(parsed.values, parsed.positionals, () => new Date());
  if (typeof args === "string") {
    process.stderr.write(`news-digest build: ${args}\n`);
    return 2;
  }
  let outcome: BuildOutcome;
  try {
    outcome = await runBuildWith(args);
  } catch (error) {
    const explained = explainFailure(error);
    if (explained === undefined) throw error;
    process.stderr.write(explained + "\n");
    return 1;
  }
  return report(outcome, args);
}

/** Prints what was built; the exit code says whether --strict found fault. */
export function report({ built, paths }: BuildOutcome, args: BuildArgs): number {
  for (const error of built.inputErrors) {
    process.stderr.write(`${error.line === undefined ? error.file : `${error.file}:${error.line}`}: ${error.message}\n`);
  }
  for (const warning of built.render.warnings) process.stderr.write(`warning: theme: ${warning}\n`);
  const { counts, edition } = built.digest;
  const htmlBytes = Buffer.byteLength(built.sample.message.html, "utf8");
  if (args.json) {
    const summary = {
      editionId: edition.id,
      dir: paths.dir,
      files: { html: paths.html, text: paths.text, digest: paths.digest, eml: paths.eml, edition: paths.edition },
      topics: counts.topics,
      stories: counts.stories,
      htmlBytes,
      inputErrors: built.inputErrors,
      warnings: built.render.warnings,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  } else {
    for (const file of [paths.html, paths.text, paths.digest, paths.eml, paths.edition]) {
      process.stdout.write(display(file) + "\n");
    }
    process.stdout.write(
      `${edition.id}: ${counts.topics} ${counts.topics === 1 ? "topic" : "topics"}, ` +
        `${counts.stories} ${counts.stories === 1 ? "story" : "stories"}, ${(htmlBytes / 1024).toFixed(1)} KB HTML\n`,
    );
  }
  const faults = built.inputErrors.length + built.render.warnings.length;
  return args.strict && faults > 0 ? 1 : 0;
}
