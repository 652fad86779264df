/**
 * The whole build, for the CLI and for library users: stories on disk ->
 * ingest -> analyze -> compose -> render, plus the copy a sample reader would get.
 * Reads files (stories, templates) but writes nothing and reads no clock: `now`
 * comes in, so a build with the same inputs gives the same edition.
 */
import { analyze } from "./analyze/index.js";
import { editionWebUrl, withQueryParameter } from "./compose/links.js";
import { composeDigest } from "./compose/index.js";
import type { Config } from "./config.js";
import { ingestPaths } from "./ingest/index.js";
import type { Digest, InputError, PersonalMessage, Personalization } from "./model.js";
import { preloadMjml } from "./render/mjml.js";
import { personalize } from "./render/personalize.js";
import { renderEdition, type RenderResult } from "./render/index.js";
import { loadTemplates, type TemplateSet } from "./render/template-files.js";
import { applyThemeOverrides } from "./render/theme.js";

export interface BuildOptions {
  /** Story files and folders. */
  stories: string[];
  /** Template folder (layout.mjml, text.hbs, partials/, theme.json). */
  templatesDir: string;
  config: Config;
  /** The instant of the build: edition date by default, relative times. */
  now: Date;
  /** Edition date as YYYY-MM-DD; `now`'s date in the config's zone by default. */
  date?: string;
}

export interface BuiltEdition {
  digest: Digest;
  render: RenderResult;
  /** Stories that could not be read; the edition was built without them. */
  inputErrors: InputError[];
  /** The copy the config's sample recipient would receive. */
  sample: { personalization: Personalization; message: PersonalMessage };
  /** The templates used, theme overrides from the config applied. */
  templates: TemplateSet;
}

/** Who the preview copy is for, with links marked as previews (nothing is signed). */
export function samplePersonalization(config: Config, editionId: string): Personalization {
  const { email, name } = config.preview.recipient;
  return {
    recipient: name ? { email, name } : { email },
    unsubscribeUrl: withQueryParameter(config.links.unsubscribeBase, "preview", editionId),
    viewInBrowserUrl: editionWebUrl(config.links.viewInBrowserBase, editionId),
  };
}

/** Templates from `dir`, with the config's theme overrides on top. */
export async function loadTemplatesFor(dir: string, config: Config): Promise<TemplateSet> {
  const set = await loadTemplates(dir);
  return { ...set, theme: applyThemeOverrides(set.theme, config.theme) };
}

export async function buildEdition(options: BuildOptions): Promise<BuiltEdition> {
  const { config } = options;
  preloadMjml();
  const [templates, ingested] = await Promise.all([
    loadTemplatesFor(options.templatesDir, config),
    ingestPaths(options.stories),
  ]);
  const analysis = await analyze(ingested.stories, { maxTopics: config.limits.maxTopics });
  const digest = composeDigest(analysis, { config, now: options.now, ...(options.date ? { date: options.date } : {}) });
  const render = await renderEdition(digest, templates);
  const personalization = samplePersonalization(config, digest.edition.id);
  return {
    digest,
    render,
    inputErrors: ingested.errors,
    sample: { personalization, message: personalize(render.edition, personalization) },
    templates,
  };
}
