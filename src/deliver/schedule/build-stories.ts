/**
 * The build stages (analyze -> compose -> render, plus the sample copy) over
 * stories already in hand: a scheduled edition reads its sources (files and
 * feeds) and narrows them to its window before building, so it cannot hand
 * paths to pipeline.buildEdition, which reads them itself. Same stages, same
 * options, in the same order as buildEdition.
 */
import { analyze } from "../../analyze/index.js";
import { composeDigest } from "../../compose/index.js";
import type { Config } from "../../config.js";
import type { InputError, Story } from "../../model.js";
import { loadTemplatesFor, samplePersonalization, type BuiltEdition } from "../../pipeline.js";
import { renderEdition } from "../../render/index.js";
import { personalize } from "../../render/personalize.js";

export interface BuildFromStoriesOptions {
  stories: Story[];
  /** Problems met while reading the sources; carried into the result. */
  inputErrors: InputError[];
  templatesDir: string;
  config: Config;
  now: Date;
  date?: string;
}

export async function buildFromStories(options: BuildFromStoriesOptions): Promise<BuiltEdition> {
  const { config } = options;
  const templates = await loadTemplatesFor(options.templatesDir, config);
  const analysis = await analyze(options.stories, { maxTopics: config.limits.maxTopics });
  const digest = composeDigest(analysis, { config, now: options.now, ...(options.date ? { date: options.date } : {}) });
  const render = await renderEdition(digest, templates);
  const personalization = samplePersonalization(config, digest.edition.id);
  return {
    digest,
    render,
    inputErrors: options.inputErrors,
    sample: { personalization, message: personalize(render.edition, personalization) },
    templates,
  };
}
