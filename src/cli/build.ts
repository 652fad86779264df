/**
 * `news-digest build`: stories -> a finished edition in out/<edition-id>/.
 * Flags, printing and exit codes only; the work is in ../pipeline.ts.
 */
import { relative } from "node:path";
import { loadConfig } from "../config/index.js";
import { isIsoDate, parseInstant } from "../text/index.js";
import { writePreviewFiles, type PreviewPaths } from "../app/out/index.js";
import { tokenKeyFromEnv } from "../links/index.js";
import { MessageSettingsError } from "../deliver/message/index.js";
import { chooseStorySources, displaySource } from "../config/index.js";
import type { BuiltEdition } from "../pipeline.js";
import { EmailRuleError, TemplateError } from "../render/index.js";
import { preloadMjml } from "../render/index.js";
import { defaultTemplatesDir } from "../render/index.js";
import { type CommandIo, CONFIG_OPTION, defineCommand, EXIT, formatLocated, type OptionSpecs, TEMPLATES_OPTION, UsageError } from "./kit/index.js";

export const BUILD_OPTIONS = {
  stories: { type: "string", value: "PATH|URL", multiple: true, description: 'story file, folder or feed URL (repeatable; default: the config\'s "sources", else seeds)' },
  templates: TEMPLATES_OPTION,
  out: { type: "string", value: "DIR", description: "output folder (default: out)" },
  date: { type: "string", value: "YYYY-MM-DD", description: "edition date (default: today in the config's time zone)" },
  now: { type: "string", value: "ISO-8601", description: 'the build\'s "now", for reproducible relative times (default: the clock)' },
  config: CONFIG_OPTION,
  strict: { type: "boolean", description: "fail on unreadable stories and theme contrast warnings" },
  json: { type: "boolean", description: "print a JSON summary instead of text" },
} as const satisfies OptionSpecs;

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

/** Command-line values -> build arguments; a bad value is a UsageError. */
export function buildArgs(values: Record<string, unknown>, positionals: string[], clock: () => Date): BuildArgs {
  const date = values.date as string | undefined;
  if (date !== undefined && !isIsoDate(date)) throw new UsageError(`--date: expected a date as YYYY-MM-DD, got "${date}"`);
  const nowText = values.now as string | undefined;
  const now = nowText === undefined ? clock() : parseInstant(nowText);
  if (!now) throw new UsageError(`--now: expected an ISO 8601 time such as 2024-06-20T07:00:00Z, got "${nowText}"`);
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
    const errors = inputErrors.map(formatLocated);
    super([...errors, `no stories to build an edition from in ${stories.map(displaySource).join(", ")}`].join("\n"));
    this.name = "NothingToBuildError";
  }
}

/**
 * `--strict` found unreadable stories or theme warnings: nothing was written, so the
 * previous edition's files stay as they were. The message lists every problem, once.
 */
export class StrictBuildError extends Error {
  constructor(built: BuiltEdition) {
    const problems = [...built.inputErrors.map(formatLocated), ...built.render.warnings.map((warning) => `warning: theme: ${warning}`)];
    super([...problems, `build --strict: ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing written`].join("\n"));
    this.name = "StrictBuildError";
  }
}

export interface BuildOutcome {
  built: BuiltEdition;
  paths: PreviewPaths;
}

/** Runs a build and writes its files; throws on bad input (see `explainFailure`). */
export async function runBuildWith(args: BuildArgs, io: CommandIo): Promise<BuildOutcome> {
  // MJML loads in a worker thread; starting it before the pipeline's own imports
  // lets the two overlap (see ../mjml/worker.ts).
  preloadMjml();
  const [{ buildEdition }, { sampleMessage }] = await Promise.all([import("../pipeline.js"), import("../app/out/index.js")]);
  const { config, file } = await loadConfig(args.configFile, io.cwd);
  const input = chooseStorySources(args.stories, config, file) ?? { sources: [DEFAULT_STORIES] };
  // Building never needs the key; with one, the sample's unsubscribe link is a real one.
  const key = tokenKeyFromEnv(io.env);
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
  // Checked before anything is written: a failing --strict build leaves the last good edition in place.
  if (args.strict && built.inputErrors.length + built.render.warnings.length > 0) throw new StrictBuildError(built);
  const { edition } = built.render;
  const paths = await writePreviewFiles(args.outDir, {
    html: built.sample.message.html,
    text: built.sample.message.text,
    digest: built.digest,
    message: await sampleMessage(built, config, args.now),
    edition,
  });
  return { built, paths };
}

/**
 * A failure of the build itself as the lines to print (exit 1), or undefined for anything
 * else: a bad config file is the kit's to report (exit 2), and a bug surfaces as is.
 */
export function explainFailure(error: unknown): string | undefined {
  if (error instanceof TemplateError || error instanceof EmailRuleError || error instanceof NothingToBuildError || error instanceof StrictBuildError) return error.message;
  if (error instanceof MessageSettingsError) {
    return `message.eml: ${error.message} (the headers come from links.unsubscribeBase, send.listId and send.unsubscribeMailto in the config)`;
  }
  return undefined;
}

/** Runs a build and prints the outcome: the part `shots` shares. Exit code 1 for a failed build. */
export async function buildAndReport(args: BuildArgs, io: CommandIo): Promise<{ code: number; outcome?: BuildOutcome }> {
  let outcome: BuildOutcome;
  try {
    outcome = await runBuildWith(args, io);
  } catch (error) {
    const explained = explainFailure(error);
    if (explained === undefined) throw error;
    io.stderr(explained + "\n");
    return { code: EXIT.failed };
  }
  return { code: report(outcome, args, io), outcome };
}

export const buildCommand = defineCommand({
  name: "build",
  summary: "build the edition from stories into out/<edition-id>/",
  usage: "[options] [story paths...]",
  about: `Builds an edition from stories and writes out/<edition-id>/: index.html, index.txt,
digest.json, message.eml (a sample recipient's MIME message) and edition.json
(the compiled edition, for \`send --edition\`).`,
  notes: `With NEWS_DIGEST_TOKEN_KEY set, the sample message's unsubscribe link is signed as a
sent copy's is; without it, it is a placeholder.`,
  options: BUILD_OPTIONS,
  positionals: true,
  async run({ values, positionals, io }) {
    const args = buildArgs(values, positionals, () => new Date());
    return (await buildAndReport(args, io)).code;
  },
});

/** A path as the user would type it: relative to the working directory when inside it. */
function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}

/** Prints what was built (a --strict build with problems never gets here: see StrictBuildError). */
export function report({ built, paths }: BuildOutcome, args: BuildArgs, io: CommandIo): number {
  for (const error of built.inputErrors) io.stderr(formatLocated(error) + "\n");
  for (const warning of built.render.warnings) io.stderr(`warning: theme: ${warning}\n`);
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
    io.stdout(JSON.stringify(summary, null, 2) + "\n");
  } else {
    for (const file of [paths.html, paths.text, paths.digest, paths.eml, paths.edition]) io.stdout(display(file, io.cwd) + "\n");
    io.stdout(
      `${edition.id}: ${counts.topics} ${counts.topics === 1 ? "topic" : "topics"}, ` +
        `${counts.stories} ${counts.stories === 1 ? "story" : "stories"}, ${(htmlBytes / 1024).toFixed(1)} KB HTML\n`,
    );
  }
  return EXIT.done;
}
