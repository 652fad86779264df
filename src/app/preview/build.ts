/**
 * The preview's build: the same pipeline as `news-digest build` (../../pipeline.ts),
 * run again whenever an input changes, and shaped for the preview page.
 *
 * When only templates changed, the stories, analysis and composed Digest of the last
 * full build are still right, so only the pipeline's render stage (renderDigest) runs
 * again: this is what keeps a template save under a second (analysis is the slow part).
 * A change to stories or config, or a Digest older than REUSE_LIMIT_MS (relative times
 * would drift), means a full build.
 */
import { resolve } from "node:path";
import { loadConfig, type Config } from "../../config/index.js";
import type { Digest, InputError } from "../../model.js";
import { buildEdition, loadTemplatesFor, renderDigest, type RenderedDigest } from "../../pipeline.js";
import { tokenKeyFromEnv } from "../../links/index.js";
import { previewChecks, type PreviewChecks } from "./checks.js";
import { prepareTestSend, type TestSend } from "./send-test.js";
import { sampleMessage } from "../out/index.js";
import { checkSpam, type SpamAssassinOptions, type SpamCheck } from "./spam.js";

export type ChangeKind = "templates" | "stories" | "config";

export const ALL_CHANGES: ReadonlySet<ChangeKind> = new Set(["templates", "stories", "config"]);

/** Everything the preview page shows about one successful build. */
export interface PreviewEdition {
  editionId: string;
  subject: string;
  preheader: string;
  /** The sample reader's copy (placeholders filled), as index.html of `build`. */
  html: string;
  text: string;
  digest: Digest;
  checks: PreviewChecks;
  /** Theme warnings (contrast) that do not stop the edition. */
  warnings: string[];
  /** Stories that could not be read; the edition was built without them. */
  inputErrors: InputError[];
  send: TestSend;
  /** "full" when the stories were read again, "templates" when only the render ran. */
  mode: "full" | "templates";
  /**
   * Runs the spam check on the sample reader's message. A thunk, so that the build
   * is done (and shown) without waiting for it; see live-edition.ts.
   */
  spamCheck: () => Promise<SpamCheck>;
}

export type PreviewBuild = (changes: ReadonlySet<ChangeKind>) => Promise<PreviewEdition>;

export interface PreviewBuildOptions {
  stories: string[];
  templatesDir: string;
  /** Config file; news-digest.config.json in `cwd` when present, else defaults. */
  configFile?: string;
  /** Edition date, YYYY-MM-DD. */
  date?: string;
  /** A fixed "now" (reproducible previews); the clock at each full build otherwise. */
  now?: Date;
  clock?: () => Date;
  /** Where SMTP_URL and the unsubscribe key are read from. */
  env?: NodeJS.ProcessEnv;
  /** Folder that relative paths and the default config file are taken from (the process's by default). */
  cwd?: string;
  /** How SpamAssassin is run for the checks panel; false: not at all. */
  spam?: SpamAssassinOptions | false;
}

/** The options with every relative path taken from `cwd`. */
function resolvedAgainst(options: PreviewBuildOptions, cwd: string): PreviewBuildOptions {
  return {
    ...options,
    stories: options.stories.map((path) => (isFeedUrl(path) ? path : resolve(cwd, path))),
    templatesDir: resolve(cwd, options.templatesDir),
    ...(options.configFile === undefined ? {} : { configFile: resolve(cwd, options.configFile) }),
  };
}

export function isFeedUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/** How long a Digest may be reused for template-only changes. */
const REUSE_LIMIT_MS = 5 * 60 * 1000;

interface LastFull {
  config: Config;
  digest: Digest;
  inputErrors: InputError[];
  at: number;
}

export function createPreviewBuild(given: PreviewBuildOptions): PreviewBuild {
  const options = given.cwd === undefined ? given : resolvedAgainst(given, given.cwd);
  const clock = options.clock ?? (() => new Date());
  const env = options.env ?? process.env;
  let last: LastFull | undefined;

  // The sample copy is signed as `build` signs it: with the key when the environment has one.
  const key = tokenKeyFromEnv(env);
  const tokenKey = "key" in key ? key.key : undefined;

  const spam = options.spam ?? {};
  const spamCheck = (rendered: RenderedDigest, config: Config, date: Date) => async (): Promise<SpamCheck> => {
    if (spam === false) return { status: "unavailable", reason: "spam check turned off" };
    return checkSpam((await sampleMessage(rendered, config, date)).raw, spam);
  };

  const shape = (full: LastFull, rendered: RenderedDigest, mode: PreviewEdition["mode"]): PreviewEdition => {
    const { render, sample: { message } } = rendered;
    return {
    editionId: render.edition.editionId,
    subject: render.edition.subject,
    preheader: render.edition.preheader,
    html: message.html,
    text: message.text,
    digest: full.digest,
    checks: previewChecks(message.html, full.digest),
    warnings: render.warnings,
    inputErrors: full.inputErrors,
    send: prepareTestSend(full.config, render.edition, env),
    mode,
    spamCheck: spamCheck(rendered, full.config, new Date(full.at)),
    };
  };

  return async (changes) => {
    const now = options.now ?? clock();
    const onlyTemplates = [...changes].every((kind) => kind === "templates");
    if (last && onlyTemplates && now.getTime() - last.at < REUSE_LIMIT_MS) {
      const templates = await loadTemplatesFor(options.templatesDir, last.config);
      return shape(last, await renderDigest(last.digest, { templates, config: last.config, tokenKey }), "templates");
    }
    last = undefined; // a failed full build leaves nothing to reuse
    const { config } = await loadConfig(options.configFile, options.cwd);
    const built = await buildEdition({
      stories: options.stories,
      templatesDir: options.templatesDir,
      config,
      now,
      ...(options.date ? { date: options.date } : {}),
      ...(tokenKey ? { tokenKey } : {}),
    });
    last = { config, digest: built.digest, inputErrors: built.inputErrors, at: now.getTime() };
    return shape(last, built, "full");
  };
}
