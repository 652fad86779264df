import type { LiveBlogSummary, Section, Story, Topic } from "../model.js";
import { extractiveSummarizer } from "./liveblog/index.js";
import type { Summarizer } from "./summarizer.js";
import { groupSections, type TopicOptions } from "./topics/index.js";

export interface AnalyzeOptions extends TopicOptions {
  /** Live-blog condenser; the embedded extractive one by default. */
  summarizer?: Summarizer;
}

export interface Analysis {
  /** Stories after near-duplicate merging. */
  stories: Story[];
  /** In digest order. */
  topics: Topic[];
  /** In digest order; every topic is in exactly one section. */
  sections: Section[];
  /** Things the operator should hear about (an oversized input cut down); absent when there are none. */
  warnings?: string[];
  /** Per live-blog story id. */
  liveBlogs: Record<string, LiveBlogSummary>;
}

/** The analyze stage: topics for every story, a summary for every live blog. No I/O. */
export async function analyze(stories: Story[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const grouping = groupSections(stories, options);
  const summarizer = options.summarizer ?? extractiveSummarizer;
  const liveBlogs: Record<string, LiveBlogSummary> = {};
  for (const story of grouping.stories) {
    if (story.kind === "liveblog") liveBlogs[story.id] = await summarizer.summarize(story);
  }
  const analysis: Analysis = { stories: grouping.stories, topics: grouping.topics, sections: grouping.sections, liveBlogs };
  if (grouping.warnings.length > 0) analysis.warnings = grouping.warnings;
  return analysis;
}

export type { Summarizer } from "./summarizer.js";
export { condenseLiveBlog, extractiveSummarizer } from "./liveblog/index.js";
export { groupSections, groupTopics, type SectionGrouping, type TopicGrouping, type TopicOptions } from "./topics/index.js";
