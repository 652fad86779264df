/**
 * One story as the templates see it: every field cleaned and cut to its limit,
 * links kept only when http(s), live blogs with their key points and post times.
 */
import type { DigestKeyPoint, DigestListedStory, DigestStory, LiveBlogSummary, Story } from "../model.js";
import { safeHttpUrl, tagUtm, type UtmParameters } from "../links/index.js";
import { cleanText, truncateChars } from "../text/index.js";
import { ledeOf } from "./lede.js";
import { postInstants } from "./post-times.js";

/**
 * Longest text each field a story brings may show. Story text is untrusted: without
 * these, one story with a 100 KB headline would push the email past Gmail's 102 KB
 * and fail the whole edition. Generous for real news; cut at a word with "…".
 */
export const FIELD_LIMITS = {
  topicLabel: 80,
  headline: 300,
  byline: 120,
  sourceName: 80,
  /** Other publications named under one story. */
  alsoFromNames: 5,
  imageAlt: 250,
  liveBlogSummary: 300,
  keyPoint: 400,
  keyPointTime: 40,
  /** A url longer than this is dropped, not cut: a cut url leads nowhere. */
  url: 2048,
} as const;
/** Key points within this long before `now` are "recent" (shown as "2 hours ago"). */
const RECENT_MS = 24 * 60 * 60 * 1000;

export interface StoryContext {
  utm: UtmParameters | null;
  now: Date;
  keyPoints: number;
}

export function composeStory(story: Story, summary: LiveBlogSummary | undefined, context: StoryContext): DigestStory {
  const url = storyLink(story, context.utm);
  const isLiveBlog = story.kind === "liveblog";
  const source = sourceName(story);
  const alsoFrom = [...new Set((story.alsoFrom ?? []).map((s) => clip(s.name, FIELD_LIMITS.sourceName)))]
    .filter((name) => name !== "" && name !== source)
    .slice(0, FIELD_LIMITS.alsoFromNames);
  const headline = clip(story.headline, FIELD_LIMITS.headline);
  return {
    id: story.id,
    kind: story.kind,
    isLiveBlog,
    headline,
    url,
    linkLabel: isLiveBlog ? "Follow live" : "Read more",
    source,
    alsoFrom,
    byline: clip(story.byline ?? "", FIELD_LIMITS.byline) || null,
    publishedAt: isoOrNull(story.publishedAt),
    updatedAt: isoOrNull(story.updatedAt),
    lede: isLiveBlog ? null : ledeOf(story),
    image: imageOf(story, headline),
    liveBlog: isLiveBlog ? composeLiveBlog(story, summary, context) : null,
  };
}

/** `text` cleaned and cut to at most `max` characters. */
export function clip(text: string, max: number): string {
  return truncateChars(cleanText(text), max);
}

/** A safe http(s) url short enough to print, else null. */
function linkOf(value: string | undefined): string | null {
  const url = safeHttpUrl(value);
  return url !== null && url.length <= FIELD_LIMITS.url ? url : null;
}

function isoOrNull(value: string | undefined): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function imageOf(story: Story, headline: string): DigestStory["image"] {
  for (const image of story.images ?? []) {
    const url = linkOf(image.url);
    if (!url) continue;
    // Every image needs alt text; a caption or the headline stands in for a missing one.
    const alt = clip(image.alt, FIELD_LIMITS.imageAlt) || clip(image.caption ?? "", FIELD_LIMITS.imageAlt) || headline;
    return { url, alt };
  }
  return null;
}

function composeLiveBlog(story: Story, summary: LiveBlogSummary | undefined, context: StoryContext): DigestStory["liveBlog"] {
  const instants = postInstants(story);
  const posts = new Map((story.posts ?? []).map((post) => [post.index, post]));
  const keyPoints: DigestKeyPoint[] = [];
  for (const point of summary?.keyPoints ?? []) {
    if (keyPoints.length >= context.keyPoints) break;
    const text = clip(point.text, FIELD_LIMITS.keyPoint);
    if (text === "") continue;
    const at = instants.get(point.post);
    const age = at ? context.now.getTime() - at.getTime() : Number.NaN;
    keyPoints.push({
      text,
      time: clip(posts.get(point.post)?.time ?? "", FIELD_LIMITS.keyPointTime) || null,
      at: at ? at.toISOString() : null,
      recent: age >= -5 * 60_000 && age <= RECENT_MS,
    });
  }
  return { summary: clip(summary?.headline ?? "", FIELD_LIMITS.liveBlogSummary), keyPoints };
}

/** A story named in a list ("More in <section>"): headline, link and source only. */
export function listedStory(story: Story, utm: UtmParameters | null): DigestListedStory {
  return { id: story.id, headline: clip(story.headline, FIELD_LIMITS.headline), url: storyLink(story, utm), source: sourceName(story) };
}

/** The story's safe link, UTM-tagged when configured. */
function storyLink(story: Story, utm: UtmParameters | null): string | null {
  const safe = linkOf(story.url);
  return safe && utm ? tagUtm(safe, utm) : safe;
}

/** The publication's name, cleaned; "" when the reader knew none. */
function sourceName(story: Story): string {
  return clip(story.source.name, FIELD_LIMITS.sourceName);
}
