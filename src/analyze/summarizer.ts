import type { LiveBlogSummary, Story } from "../model.js";

/**
 * Condenses one live blog into "what we know so far". Any implementation
 * (the embedded extractive condenser, or one backed by a language model the
 * user runs) plugs in here without touching callers; it may be async.
 *
 * What callers rely on, whatever the implementation:
 * - `keyPoints`: at most 7, each one or two sentences of at most 40 words,
 *   current (nothing a newer post has overtaken), none repeating another;
 *   `post` is the `Post.index` the point came from.
 * - `headline`: one line, usable as the email's preheader.
 * - No I/O of its own beyond what it was built with, and no clock: the same
 *   story gives the same summary.
 * - Bad or empty input gives an empty `keyPoints`, never a throw.
 */
export interface Summarizer {
  /** Shown in logs and benchmark output ("extractive"). */
  readonly name: string;
  summarize(story: Story): LiveBlogSummary | Promise<LiveBlogSummary>;
}
