/**
 * The whole build, for the CLI, the scheduler, the preview and library users:
 * stories -> ingest -> analyze -> compose -> render, plus the copy a sample reader
 * would get. Reads files and feeds (stories, templates) but writes nothing and
 * reads no clock: `now` comes in, so a build with the same inputs gives the same
 * edition.
 *
 * Stories come in as sources to read (folders, files, feed URLs) or as stories
 * already read: the scheduler reads its sources itself and narrows them to the
 * list's edition window before building. Either way the same stages run, in the
 * same order, here and nowhere else. `renderDigest` is the last stage alone, for a
 * caller that still holds a composed Digest (the preview after a template edit).
 */
import { analyze, type Summarizer } from "./analyze/index.js";
import { editionWebUrl, withQueryParameter } from "./links/index.js";
import { composeDigest, LIST_BUDGET_BYTES, listedBytes, type ComposeInput, type ComposeOptions } from "./compose/index.js";
import { EmailRuleError, MAX_HTML_BYTES } from "./render/index.js";
import type { Config } from "./config/index.js";
import { listIdentityFrom } from "./config/index.js";
import { signUnsubscribeToken, unsubscribeUrlFor } from "./links/index.js";
import { feedFetchOptions } from "./ingest/index.js";
import { loadSources } from "./ingest/index.js";
import type { Digest, IngestResult, InputError, PersonalMessage, Personalization } from "./model.js";
import { preloadMjml } from "./render/index.js";
import { personalize } from "./render/index.js";
import { renderEdition, type RenderResult } from "./render/index.js";
import { compileTemplates, defaultTemplateCacheDir, diskTemplateCache, type CompiledTemplates } from "./render/index.js";
import { loadTemplates, type TemplateSet } from "./render/index.js";
import { applyThemeOverrides } from "./config/index.js";

export interface BuildOptions {
  /**
   * Sources to read (folders, files and http(s) feed URLs; feeds are fetched with the
   * config's `feeds` limits and cached in its send.stateDir), or stories already read.
   */
  stories: readonly string[] | IngestResult;
  /** Relative paths in `stories` are read from here (the config file's folder); the working directory by default. */
  storiesBaseDir?: string;
  /** Template folder (layout.mjml, text.hbs, partials/, theme.json). */
  templatesDir: string;
  config: Config;
  /** The instant of the build: edition date by default, relative times. */
  now: Date;
  /** Edition date as YYYY-MM-DD; `now`'s date in the config's zone by default. */
  date?: string;
  /**
   * The unsubscribe signing key (NEWS_DIGEST_TOKEN_KEY), when the caller has one: the
   * sample copy then carries a real signed link. Without it the link is a placeholder.
   */
  tokenKey?: string;
  /** Stops feed fetching early (the missing feeds are reported). */
  signal?: AbortSignal;
  /** Live-blog condenser; the embedded extractive one by default (e.g. one backed by a model you run). */
  summarizer?: Summarizer;
}

/** The render stage's output with the sample reader's copy of it. */
export interface RenderedDigest {
  render: RenderResult;
  /** The copy the config's sample recipient would receive. */
  sample: { personalization: Personalization; message: PersonalMessage };
}

export interface BuiltEdition extends RenderedDigest {
  digest: Digest;
  /** Stories that could not be read; the edition was built without them. */
  inputErrors: InputError[];
  /** The templates used, theme overrides from the config applied. */
  templates: TemplateSet;
}

/**
 * Who the sample copy is for. With a signing key its unsubscribe link is signed as a
 * sent copy's is; without one it is the unsubscribe base marked `preview=<edition>`,
 * so that building never needs the key.
 */
export function samplePersonalization(config: Config, editionId: string, tokenKey?: string): Personalization {
  const { email, name } = config.preview.recipient;
  const base = config.links.unsubscribeBase;
  const unsubscribeUrl = tokenKey
    ? unsubscribeUrlFor(base, signUnsubscribeToken(tokenKey, { listId: listIdentityFrom(config).listId, email }))
    : withQueryParameter(base, "preview", editionId);
  return {
    recipient: name ? { email, name } : { email },
    unsubscribeUrl,
    viewInBrowserUrl: editionWebUrl(config.links.viewInBrowserBase, editionId),
  };
}

/** Templates from `dir`, with the config's theme overrides on top. */
export async function loadTemplatesFor(dir: string, config: Config): Promise<TemplateSet> {
  const set = await loadTemplates(dir);
  return { ...set, theme: applyThemeOverrides(set.theme, config.theme) };
}

/**
 * The templates compiled, through the project's template cache when it has one
 * (node_modules/.cache/news-digest): unchanged templates then cost a file read
 * instead of a Handlebars compile on every build.
 */
function compileWithCache(templates: TemplateSet): CompiledTemplates {
  const cacheDir = defaultTemplateCacheDir();
  return compileTemplates(templates, cacheDir === undefined ? {} : { cache: diskTemplateCache(cacheDir) });
}

/** The render stage alone: a composed Digest through the templates, and the sample reader's copy. */
export async function renderDigest(
  digest: Digest,
  options: { templates: TemplateSet; config: Config; tokenKey?: string | undefined },
): Promise<RenderedDigest> {
  const render = await renderEdition(digest, compileWithCache(options.templates));
  const personalization = samplePersonalization(options.config, digest.edition.id, options.tokenKey);
  return { render, sample: { personalization, message: personalize(render.edition, personalization) } };
}

export async function buildEdition(options: BuildOptions): Promise<BuiltEdition> {
  const { config } = options;
  preloadMjml();
  const [templates, ingested] = await Promise.all([loadTemplatesFor(options.templatesDir, config), readStories(options)]);
  const analysis = await analyze(ingested.stories, {
    maxTopics: config.limits.maxTopics,
    ...(options.summarizer ? { summarizer: options.summarizer } : {}),
  });
  const { digest, rendered } = await composeFitting(
    analysis,
    { config, now: options.now, ...(options.date ? { date: options.date } : {}) },
    (composed) => renderDigest(composed, { templates, config, tokenKey: options.tokenKey }),
  );
  return { digest, ...rendered, inputErrors: ingested.errors, templates };
}

/** Renders after the first try, each listing fewer stories. */
const FIT_ATTEMPTS = 3;
/** Taken off the lists beyond the overshoot, so the second try lands under the limit. */
const FIT_MARGIN_BYTES = 4 * 1024;

/**
 * Compose, then render; when the email is over Gmail's limit and lists stories under
 * "More in", list fewer (the rest are held back for the web copy and the next edition)
 * and render again. Compose only estimates sizes; the render is the judge, since
 * editors own the templates.
 */
async function composeFitting(
  analysis: ComposeInput,
  options: ComposeOptions,
  render: (digest: Digest) => Promise<RenderedDigest>,
): Promise<{ digest: Digest; rendered: RenderedDigest }> {
  let listBudget = LIST_BUDGET_BYTES;
  for (let attempt = 0; ; attempt++) {
    const digest = composeDigest(analysis, { ...options, listBudget });
    try {
      return { digest, rendered: await render(digest) };
    } catch (error) {
      const over = error instanceof EmailRuleError && error.htmlBytes !== undefined ? error.htmlBytes - MAX_HTML_BYTES : 0;
      if (over <= 0 || digest.counts.listed === 0 || attempt >= FIT_ATTEMPTS) throw error;
      listBudget = Math.max(0, listedBytes(digest) - over - FIT_MARGIN_BYTES);
    }
  }
}

function readStories(options: BuildOptions): Promise<IngestResult> {
  const { stories } = options;
  if (!isSourceList(stories)) return Promise.resolve(stories);
  return loadSources(stories, {
    ...(options.storiesBaseDir !== undefined ? { baseDir: options.storiesBaseDir } : {}),
    fetch: feedFetchOptions(options.config.feeds, options.config.send.stateDir, options.signal),
  });
}

function isSourceList(stories: BuildOptions["stories"]): stories is readonly string[] {
  return Array.isArray(stories);
}
