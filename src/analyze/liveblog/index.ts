import type { LiveBlogSummary, Story } from "../../model.js";
import type { Summarizer } from "../summarizer.js";
import { splitSentences } from "../text.js";

// PLACEHOLDER (issue 4 replaces it): the first sentence of the newest posts.
export function condenseLiveBlog(story: Story): LiveBlogSummary {
  const keyPoints = (story.posts ?? []).slice(0, 5).flatMap((post) => {
    const first = splitSentences(post.paragraphs.join(" "))[0];
    return first ? [{ text: first, post: post.index }] : [];
  });
  return { keyPoints, headline: story.headline };
}

export const extractiveSummarizer: Summarizer = {
  name: "extractive",
  summarize: condenseLiveBlog,
};
