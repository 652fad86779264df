/**
 * Where each story of the analysis goes in the email: shown in its topic, listed
 * by headline under its section's "More in", or held back because even the lists
 * would not fit. Nothing read is dropped silently: every story of every topic
 * ends in exactly one of the three (a story named by two topics, which the
 * analysis never does, counts once, where it comes first).
 *
 * Limits, in the order they bite:
 *   - maxTopics: topics past it are not shown; their stories are listed;
 *   - storiesPerTopic: stories past it are listed; "In brief" (the analysis' topic
 *     of stray stories) gets the places that unused topics leave, not a fixed share;
 *   - listBudget: the lists' estimated size; stories past it are held back (the
 *     web copy shows them and a scheduled list's next edition carries them).
 * Pure.
 */
import type { Section, Story, Topic } from "../model.js";

export interface PlacementLimits {
  maxTopics: number;
  storiesPerTopic: number;
  /** Estimated bytes the "More in" lists may add to the email, all sections together. */
  listBudget: number;
  /** The web copy: every story shown, no limit applies. */
  full: boolean;
}

export interface PlacedTopic {
  topic: Topic;
  shown: Story[];
  /** Stories of the topic not shown (listed or held back). */
  notShown: number;
}

export interface PlacedSection {
  section: Section;
  topics: PlacedTopic[];
  /** Listed under "More in <section>", in digest order. */
  more: Story[];
}

export interface Placement {
  sections: PlacedSection[];
  /** Fit nowhere in the email, in digest order. */
  heldBack: Story[];
}

/** The analysis names its topic of stray stories so; compose gives it the room other topics leave. */
const IN_BRIEF = "in brief";

export function isInBrief(topic: Topic): boolean {
  return topic.label.trim().toLowerCase() === IN_BRIEF;
}

/**
 * Places the stories of `topics` (analysis order: most important first) into
 * `sections` (digest order). `cost` estimates what listing a story adds to the
 * email, in bytes.
 */
export function placeStories(
  topics: readonly Topic[],
  sections: readonly Section[],
  byId: ReadonlyMap<string, Story>,
  limits: PlacementLimits,
  cost: (story: Story) => number,
): Placement {
  const seen = new Set<string>();
  const resolved = new Map<string, Story[]>();
  for (const topic of topics) {
    const stories = topic.storyIds.flatMap((id) => {
      const story = byId.get(id);
      if (!story || seen.has(id)) return [];
      seen.add(id);
      return [story];
    });
    if (stories.length > 0 && !resolved.has(topic.id)) resolved.set(topic.id, stories);
  }
  const kept = topics.filter((t) => resolved.has(t.id));
  const shownIds = new Set((limits.full ? kept : kept.slice(0, limits.maxTopics)).map((t) => t.id));
  // Places no topic took go to "In brief", a topic's worth each.
  const unusedTopics = Math.max(0, limits.maxTopics - shownIds.size);
  const limitOf = (topic: Topic) =>
    limits.full ? Infinity : limits.storiesPerTopic * (isInBrief(topic) ? 1 + unusedTopics : 1);

  const topicById = new Map(kept.map((t) => [t.id, t]));
  let spent = 0;
  let overflowed = false;
  const heldBack: Story[] = [];
  const placed: PlacedSection[] = [];
  for (const section of withEveryTopic(sections, kept)) {
    const entry: PlacedSection = { section, topics: [], more: [] };
    const list = (story: Story) => {
      // Once one story does not fit, the rest wait too: the lists stay in digest order.
      const bytes = cost(story);
      if (!overflowed && spent + bytes <= limits.listBudget) {
        spent += bytes;
        entry.more.push(story);
      } else {
        overflowed = true;
        heldBack.push(story);
      }
    };
    for (const topicId of section.topicIds) {
      const topic = topicById.get(topicId);
      if (!topic) continue;
      topicById.delete(topicId); // a topic in two sections is placed once
      const stories = resolved.get(topicId)!;
      if (!shownIds.has(topicId)) {
        stories.forEach(list);
        continue;
      }
      const shown = stories.slice(0, limitOf(topic));
      entry.topics.push({ topic, shown, notShown: stories.length - shown.length });
      stories.slice(shown.length).forEach(list);
    }
    if (entry.topics.length > 0 || entry.more.length > 0) placed.push(entry);
  }
  return { sections: placed, heldBack };
}

/**
 * `sections` plus, when some topics are in none of them, one more section for
 * those, so that no topic is lost to a section list that missed it.
 */
function withEveryTopic(sections: readonly Section[], topics: readonly Topic[]): Section[] {
  const inSections = new Set(sections.flatMap((s) => s.topicIds));
  const strays = topics.filter((t) => !inSections.has(t.id)).map((t) => t.id);
  if (strays.length === 0) return [...sections];
  return [...sections, { id: "other-stories", label: "Other stories", labelFrom: "vocabulary", topicIds: strays }];
}
