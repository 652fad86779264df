/**
 * The compose stage: stories and their analysis -> the Digest view model the
 * templates receive. Decides order and limits, formats the edition's date in its
 * zone, picks ledes, cleans every string and keeps only safe links. Pure: the
 * clock comes in as `now`.
 */
import type { Analysis } from "../analyze/index.js";
import type { Config } from "../config/index.js";
import type { Digest, DigestListedStory, DigestSection, DigestTopic, Section, Story, Topic } from "../model.js";
import { dateInZone, isIsoDate, longDateLabel } from "../text/index.js";
import { safeHttpUrl, type UtmParameters } from "../links/index.js";
import { cleanText, slugify, truncateChars } from "../text/index.js";
import { placeStories, type Placement } from "./placement.js";
import { clip, composeStory, FIELD_LIMITS, listedStory } from "./story.js";

export { FIELD_LIMITS } from "./story.js";

/**
 * What compose reads. `sections` comes from the topic analysis; an analysis without
 * them (an embedder's own, or an empty edition) puts every topic in one section.
 */
export type ComposeInput = Omit<Analysis, "sections"> & { sections?: Section[] | undefined };

export interface ComposeOptions {
  config: Config;
  /** The instant the edition is composed at; relative times count from it. */
  now: Date;
  /** The edition's date as YYYY-MM-DD; by default `now`'s date in the config's zone. */
  date?: string;
  /**
   * Estimated bytes the "More in" lists may add to the email (default
   * LIST_BUDGET_BYTES); stories past it are held back. The build lowers it when the
   * rendered email is still over Gmail's limit.
   */
  listBudget?: number;
  /** The web copy: every story shown in its topic, no limits, nothing listed or held back. */
  full?: boolean;
}

/**
 * Default room for the "More in" lists. The shown stories of a big edition take
 * 40-60 KB of Gmail's 102 KB; this leaves the rest for the lists, with a margin
 * for templates editors make richer.
 */
export const LIST_BUDGET_BYTES = 36_000;
/**
 * What one listed story adds to the email beyond its headline, url and source:
 * the shipped templates' <li> and <a> markup with inline styles. An estimate;
 * the build checks the real size after rendering.
 */
const LISTED_MARKUP_BYTES = 260;
/** Longest subject: inboxes show 40-90 characters; more is cut at a word. */
const SUBJECT_CHARS = 120;

/** Longest preheader: inboxes show about 90-140 characters after the subject. */
const PREHEADER_CHARS = 140;

/** The edition id: its date in the configured zone plus the newsletter slug. */
export function editionId(date: string, slug: string): string {
  return `${date}-${slug}`;
}

export function composeDigest(analysis: ComposeInput, options: ComposeOptions): Digest {
  const { config, now } = options;
  const date = options.date ?? dateInZone(now, config.timeZone);
  if (!isIsoDate(date)) throw new Error(`edition date: expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const id = editionId(date, config.slug);
  const title = cleanText(config.title);
  const utm: UtmParameters | null = config.utm.enabled
    ? { source: config.utm.source ?? config.slug, medium: config.utm.medium, campaign: config.utm.campaign ?? id }
    : null;

  const byId = new Map(analysis.stories.map((story) => [story.id, story]));
  const full = options.full === true;
  const placement = placeStories(
    analysis.topics,
    analysis.sections !== undefined && analysis.sections.length > 0 ? analysis.sections : [oneSection(analysis.topics)],
    byId,
    {
      maxTopics: config.limits.maxTopics,
      storiesPerTopic: config.limits.storiesPerTopic,
      listBudget: options.listBudget ?? LIST_BUDGET_BYTES,
      full,
    },
    (story) => listedCost(story, utm),
  );
  const sections = digestSections(placement, (story) =>
    composeStory(story, analysis.liveBlogs[story.id], { utm, now, keyPoints: config.limits.keyPoints }),
  utm);
  const topics = sections.flatMap((section) => section.topics);
  const heldBack = placement.heldBack.map((story) => listedStory(story, utm));

  const lead = topics[0];
  const dateLabel = longDateLabel(date);
  const listed = sections.reduce((n, s) => n + s.more.length, 0);
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
    subject: subjectOf(lead) ?? `${title}, ${dateLabel}`,
    preheader: truncateChars(preheaderOf(lead) ?? `${title} for ${dateLabel}`, PREHEADER_CHARS),
    topics,
    sections,
    sectioned: sections.length > 1,
    heldBack,
    full,
    counts: {
      sections: sections.length,
      topics: topics.length,
      stories: topics.reduce((n, t) => n + t.stories.length, 0),
      listed,
      heldBack: heldBack.length,
    },
    links: { site: safeHttpUrl(config.links.site) ?? "https://example.com/" },
    footer: {
      reason: cleanText(config.reason ?? "") || `You are receiving this email because you subscribed to ${title}.`,
    },
  };
}

/**
 * Until the analysis names sections, one section holds every topic. It is named
 * after its topic when there is one, else generically: a list of topic labels
 * would repeat "In this edition".
 */
function oneSection(topics: readonly Topic[]): Section {
  const only = topics.length === 1 ? topics[0]!.label : "";
  return { id: "top-stories", label: only || "Top stories", labelFrom: "stories", topicIds: topics.map((t) => t.id) };
}

/** What listing `story` adds to the email, in bytes (see LISTED_MARKUP_BYTES). */
function listedCost(story: Story, utm: UtmParameters | null): number {
  return entryBytes(listedStory(story, utm));
}

function entryBytes({ headline, url, source }: DigestListedStory): number {
  return Buffer.byteLength(headline + (url ?? "") + source, "utf8") + LISTED_MARKUP_BYTES;
}

/** The estimated bytes a digest's "More in" lists take: what a smaller `listBudget` must undercut. */
export function listedBytes(digest: Digest): number {
  return digest.sections.reduce((sum, section) => sum + section.more.reduce((n, story) => n + entryBytes(story), 0), 0);
}

/** The placement as the templates see it: labels cleaned, anchors unique across sections and topics. */
function digestSections(
  placement: Placement,
  compose: (story: Story) => DigestTopic["stories"][number],
  utm: UtmParameters | null,
): DigestSection[] {
  const anchors = new Set<string>();
  return placement.sections.map(({ section, topics, more }) => ({
    id: section.id,
    label: clip(section.label, FIELD_LIMITS.topicLabel) || "More stories",
    anchor: uniqueAnchor("section", section.label, section.id, anchors),
    topics: topics.map(({ topic, shown, notShown }) => ({
      id: topic.id,
      label: clip(topic.label, FIELD_LIMITS.topicLabel) || "In brief",
      anchor: uniqueAnchor("topic", topic.label, topic.id, anchors),
      stories: shown.map(compose),
      moreCount: notShown,
    })),
    more: more.map((story) => listedStory(story, utm)),
  }));
}

/**
 * The subject names the lead story, as a front page leads with its headline: the
 * lead topic's label is often a pair of names ("Game · Win") that says little on
 * its own, and the newsletter's name is already the sender's.
 */
function subjectOf(lead: DigestTopic | undefined): string | undefined {
  const headline = lead?.stories[0]?.headline;
  return headline ? truncateChars(headline, SUBJECT_CHARS) : undefined;
}

/** The lead topic's live-blog summary line, else its first story's lede. */
function preheaderOf(lead: DigestTopic | undefined): string | undefined {
  if (!lead) return undefined;
  const blog = lead.stories.find((s) => s.liveBlog && s.liveBlog.summary !== "");
  return blog?.liveBlog?.summary || lead.stories[0]?.lede || lead.stories[0]?.headline;
}

function uniqueAnchor(prefix: string, label: string, id: string, taken: Set<string>): string {
  // Cut like the label: the anchor is printed in the email's links too.
  const slug = (text: string) => slugify(text.slice(0, FIELD_LIMITS.topicLabel * 2), FIELD_LIMITS.topicLabel);
  const base = `${prefix}-${slug(label) || slug(id) || "section"}`;
  let anchor = base;
  for (let n = 2; taken.has(anchor); n++) anchor = `${base}-${n}`;
  taken.add(anchor);
  return anchor;
}

