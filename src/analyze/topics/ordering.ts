/**
 * Importance, for the order of topics in the digest and of stories inside a
 * topic. Recency is measured from the newest story in the input, never from
 * the clock: the same stories give the same order on any day.
 */
import type { Story } from "../../model.js";

/** Recency halves with every day a topic's newest story lags the input's newest. */
const RECENCY_HALF_LIFE_HOURS = 24;

/** Milliseconds since the epoch of the story's last update or publication, if it has a valid one. */
function storyTime(story: Story): number | undefined {
  for (const value of [story.updatedAt, story.publishedAt]) {
    if (value === undefined) continue;
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  return undefined;
}

/** The newest time among stories, the reference point for recency. */
export function newestTime(stories: ReadonlyArray<Story>): number | undefined {
  let newest: number | undefined;
  for (const story of stories) {
    const time = storyTime(story);
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

/**
 * A topic's importance: one point per story, one per extra source that
 * covers it (merged duplicates included: several outlets on one story is a
 * sign of weight), two for a live blog (newsrooms run one only for big
 * stories), and up to two for recency.
 */
export function topicScore(stories: ReadonlyArray<Story>, newest: number | undefined): number {
  const sources = new Set<string>();
  for (const story of stories) {
    sources.add(story.source.name.trim().toLowerCase());
    for (const also of story.alsoFrom ?? []) sources.add(also.name.trim().toLowerCase());
  }
  const liveBlog = stories.some((s) => s.kind === "liveblog") ? 2 : 0;
  let recency = 0;
  const latest = newestTime(stories);
  if (latest !== undefined && newest !== undefined) {
    const lagHours = Math.max(0, newest - latest) / 3_600_000;
    recency = 2 * Math.pow(0.5, lagHours / RECENCY_HALF_LIFE_HOURS);
  }
  return Math.round((stories.length + Math.max(0, sources.size - 1) + liveBlog + recency) * 1000) / 1000;
}

/** Stories inside a topic: live blogs first, then newest first, then by id. */
export function orderStories(stories: ReadonlyArray<Story>): Story[] {
  return [...stories].sort((a, b) => {
    const live = Number(b.kind === "liveblog") - Number(a.kind === "liveblog");
    if (live !== 0) return live;
    const ta = storyTime(a) ?? -Infinity;
    const tb = storyTime(b) ?? -Infinity;
    if (ta !== tb) return tb - ta;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}
