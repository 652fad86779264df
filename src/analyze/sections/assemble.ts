/**
 * Sections from topics: each topic goes to one section, named
 *   1. from the stories themselves, when they say their section
 *      (Story.section, from a feed's <category> or a front-matter field):
 *      the section most of the topic's stories give;
 *   2. else from the built-in vocabulary (see vocabulary.ts), judged on the
 *      broad group the topic belongs to (the stories around it are better
 *      evidence than its own few), unless the topic's own words clearly
 *      point elsewhere: a data breach that modularity put beside an
 *      earthquake is still crime, not a disaster.
 * An "In brief" topic (its section's stories that fit no topic) is named
 * from its section alone: its own words are a mix. Sections of one name are
 * one section. They come in digest order: the order of their first topic.
 */
import type { Section } from "../../model.js";
import { slugify } from "../../text/index.js";
import { bestCategory, categoryLabel } from "./classify.js";

/** A topic's own words must favour another category this many times over its group's. */
const OWN_WORDS_OVERRIDE = 3;
/** A topic whose words name no category, in a group that names none either. */
const FALLBACK_LABEL = "Human interest";

export interface TopicEvidence {
  id: string;
  /** An "In brief" topic goes where its section's (group's) words point. */
  inBrief: boolean;
  /** The sections its stories give themselves, one entry per story that gives one. */
  declared: ReadonlyArray<string>;
  /** Category scores (CATEGORIES order) of the topic's own stories. */
  own: ArrayLike<number>;
  /** Category scores of the broad group the topic belongs to. */
  group: ArrayLike<number>;
}

interface Naming {
  label: string;
  labelFrom: Section["labelFrom"];
}

/** In digest order of `topics` (which are themselves in digest order). */
export function assembleSections(topics: ReadonlyArray<TopicEvidence>): Section[] {
  const sections = new Map<string, Section>();
  const used = new Set<string>();
  for (const topic of topics) {
    const naming = nameFor(topic);
    const key = naming.label.trim().toLowerCase().replace(/\s+/g, " ");
    let section = sections.get(key);
    if (!section) {
      section = { id: uniqueId(slugify(naming.label, 60) || "section", used), label: naming.label, labelFrom: naming.labelFrom, topicIds: [] };
      sections.set(key, section);
    }
    // The stories' own name wins over the vocabulary's spelling of the same name.
    if (naming.labelFrom === "stories" && section.labelFrom !== "stories") Object.assign(section, naming);
    section.topicIds.push(topic.id);
  }
  return [...sections.values()];
}

function nameFor(topic: TopicEvidence): Naming {
  const declared = mostGiven(topic.declared);
  if (declared !== undefined) return { label: declared, labelFrom: "stories" };
  const group = bestCategory(topic.group);
  const own = bestCategory(topic.own);
  let chosen = group >= 0 ? group : own;
  if (topic.inBrief) chosen = group;
  else if (own >= 0 && own !== group && topic.own[own]! >= OWN_WORDS_OVERRIDE * (group >= 0 ? topic.own[group]! : 0)) chosen = own;
  return { label: chosen >= 0 ? categoryLabel(chosen) : FALLBACK_LABEL, labelFrom: "vocabulary" };
}

/** The section most stories give (compared without case or extra spaces; first spelling kept); ties: the one given first. */
function mostGiven(names: ReadonlyArray<string>): string | undefined {
  const counts = new Map<string, { text: string; count: number }>();
  for (const name of names) {
    const text = name.trim().replace(/\s+/g, " ");
    if (text === "") continue;
    const key = text.toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { text, count: 1 });
  }
  let best: { text: string; count: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.count > best.count) best = entry;
  return best?.text;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}
