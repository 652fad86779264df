import type { LiveBlogSummary, Story } from "../model.js";

/**
 * Condenses one live blog into "what we know so far". Any implementation
 * (the embedded extractive condenser, or one backed by a language model the
 * user runs) plugs in here without touching callers; it may be async.
 */
export interface Summarizer {
  readonly name: string;
  summarize(story: Story): LiveBlogSummary | Promise<LiveBlogSummary>;
}
