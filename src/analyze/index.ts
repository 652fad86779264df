import type { LiveBlogSummary, Story, Topic } from "../model.js";
import { extractiveSummarizer } from "./liveblog/index.js";
import type { Summarizer } from "./summarizer.js";
import { groupTopics, type TopicOptions } from "./topics/index.js";

export interface AnalyzeOptions extends TopicOptions {
  /** Live-blog condenser; the embedded extractive one by default. */
  summarizer?: Summarizer;
}

export interface Analysis {
  /** Stories after near-duplicate merging. */
  stories: Story[];
  /** In digest order. */
  topics: Topic[];
  /** Per live-blog story id. */
  liveBlogs: Record<string, LiveBlogSummary>;
}

/** The analyze stage: topics for every story, a summary for every live blog. No I/O. */
export async function analyze(stories: Story[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const grouping = groupTopics(stories, options);
  const summarizer = options.summarizer ?? extractiveSummarizer;
  const liveBlogs: Record<string, LiveBlogSummary> = {};
  for (const story of grouping.stories) {
    if (story.kind === "liveblog") liveBlogs[story.id] = await summarizer.summarize(story);
  }
  return { stories: grouping.stories, topics: grouping.topics, liveBlogs };
}

export type { Summarizer } from "./summarizer.js";
export { condenseLiveBlog, extractiveSummarizer } from "./liveblog/index.js";
export { groupTopics, type TopicGrouping, type TopicOptions } from "./topics/index.js";
