import type { Story, Topic } from "../model.js";

export interface TopicOptions {
  /** At most this many topics; the rest go to "In brief". */
  maxTopics?: number;
}

export interface TopicGrouping {
  /** The stories after near-duplicates were merged. */
  stories: Story[];
  /** In digest order; every story is in exactly one topic. */
  topics: Topic[];
}

// PLACEHOLDER (issue 3 replaces it): one topic holding every story.
export function groupTopics(stories: Story[], _options: TopicOptions = {}): TopicGrouping {
  if (stories.length === 0) return { stories, topics: [] };
  return {
    stories,
    topics: [{ id: "all", label: "Today's stories", keywords: [], storyIds: stories.map((s) => s.id), score: stories.length }],
  };
}
