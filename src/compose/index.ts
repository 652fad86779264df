/**
 * The compose stage: stories and their analysis -> the Digest view model the
 * templates receive. Decides order and limits, formats the edition's date in its
 * zone, picks ledes, cleans every string and keeps only safe links. Pure: the
 * clock comes in as `now`.
 */
import type { Analysis } from "../analyze/index.js";
import type { Config } from "../config/index.js";
import type {
  Digest,
  DigestKeyPoint,
  DigestStory,
  DigestTopic,
  LiveBlogSummary,
  Story,
  Topic,
} from "../model.js";
import { dateInZone, isIsoDate, longDateLabel } from "../text/index.js";
import { ledeOf } from "./lede.js";
import { safeHttpUrl, tagUtm, type UtmParameters } from "../links/index.js";
import { postInstants } from "./post-times.js";
import { cleanText, slugify, truncateChars } from "../text/index.js";

export interface ComposeOptions {
  config: Config;
  /** The instant the edition is composed at; relative times count from it. */
  now: Date;
  /** The edition's date as YYYY-MM-DD; by default `now`'s date in the config's zone. */
  date?: string;
}

/** Longest preheader: inboxes show about 90-140 characters after the subject. */
const PREHEADER_CHARS = 140;

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

/** The edition id: its date in the configured zone plus the newsletter slug. */
export function editionId(date: string, slug: string): string {
  return `${date}-${slug}`;
}

export function composeDigest(analysis: Analysis, options: ComposeOptions): Digest {
  const { config, now } = options;
  const date = options.date ?? dateInZone(now, config.timeZone);
  if (!isIsoDate(date)) throw new Error(`edition date: expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const id = editionId(date, config.slug);
  const title = cleanText(config.title);
  const utm: UtmParameters | null = config.utm.enabled
    ? { source: config.utm.source ?? config.slug, medium: config.utm.medium, campaign: config.utm.campaign ?? id }
    : null;

  const byId = new Map(analysis.stories.map((story) => [story.id, story]));
  const anchors = new Set<string>();
  const topics: DigestTopic[] = [];
  for (const topic of analysis.topics) {
    if (topics.length >= config.limits.maxTopics) break;
    const stories = topic.storyIds.flatMap((storyId) => byId.get(storyId) ?? []);
    if (stories.length === 0) continue;
    const shown = stories.slice(0, config.limits.storiesPerTopic);
    topics.push({
      id: topic.id,
      label: truncateChars(cleanText(topic.label), FIELD_LIMITS.topicLabel) || "In brief",
      anchor: uniqueAnchor(topic, anchors),
      stories: shown.map((story) =>
        composeStory(story, analysis.liveBlogs[story.id], { utm, now, keyPoints: config.limits.keyPoints }),
      ),
      moreCount: stories.length - shown.length,
    });
  }

  const lead = topics[0];
  const dateLabel = longDateLabel(date);
  return {
    edition: {
      id,
      title,
      slug: config.slug,
      date,
      dateLabel,
      timeZone: config.timeZone,
      language: config.language,
      now: now.toISOString(),
    },
    subject: lead ? `${title}: ${lead.label}` : `${title}, ${dateLabel}`,
    preheader: truncateChars(preheaderOf(lead) ?? `${title} for ${dateLabel}`, PREHEADER_CHARS),
    topics,
    counts: { topics: topics.length, stories: topics.reduce((n, t) => n + t.stories.length, 0) },
    links: { site: safeHttpUrl(config.links.site) ?? "https://example.com/" },
    footer: {
      reason: cleanText(config.reason ?? "") || `You are receiving this email because you subscribed to ${title}.`,
    },
  };
}

/** The lead topic's live-blog summary line, else its first story's lede. */
function preheaderOf(lead: DigestTopic | undefined): string | undefined {
  if (!lead) return undefined;
  const blog = lead.stories.find((s) => s.liveBlog && s.liveBlog.summary !== "");
  return blog?.liveBlog?.summary || lead.stories[0]?.lede || lead.stories[0]?.headline;
}

function uniqueAnchor(topic: Topic, taken: Set<string>): string {
  // Cut like the label: the anchor is printed in the email's links too.
  const slug = (text: string) => slugify(text.slice(0, FIELD_LIMITS.topicLabel * 2), FIELD_LIMITS.topicLabel);
  const base = `topic-${slug(topic.label) || slug(topic.id) || "section"}`;
  let anchor = base;
  for (let n = 2; taken.has(anchor); n++) anchor = `${base}-${n}`;
  taken.add(anchor);
  return anchor;
}

interface StoryContext {
  utm: UtmParameters | null;
  now: Date;
  keyPoints: number;
}

function composeStory(story: Story, summary: LiveBlogSummary | undefined, context: StoryContext): DigestStory {
  const safe = linkOf(story.url);
  const url = safe && context.utm ? tagUtm(safe, context.utm) : safe;
  const isLiveBlog = story.kind === "liveblog";
  const source = clip(story.source.name, FIELD_LIMITS.sourceName);
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
function clip(text: string, max: number): string {
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
