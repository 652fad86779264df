/**
 * Topic grouping: stories in, sections of labelled topics out, in digest order.
 *
 *   text ──scan──> terms + names ──TF-IDF──> top-k neighbour graph (topics/scan, vectors, neighbours)
 *        ──> near-duplicates merged                                (topics/duplicates)
 *        ──> editor pins set aside                                 (topics/pins)
 *        ──> sections of stories: first-level communities gathered
 *            by their exact summed likeness, then each story moved
 *            to the section whose centroid it is most like          (topics/broad-groups, centroids)
 *        ──> topics inside each section: modularity communities on
 *            the section's own links; distinct events split off;
 *            loose groups dissolved; strays to their section's
 *            "In brief"                                             (topics/communities, grouping)
 *        ──> scored, capped, ordered                               (topics/ordering, here)
 *        ──> named after their most telling headline               (topics/labels, headline)
 *        ──> sections named from the stories' own sections or the
 *            built-in vocabulary                                    (../sections)
 *
 * No number of groups is given: modularity finds as many as the likeness of
 * the stories supports. Memory and time grow with the stories times their
 * neighbours (n x k), never n x n.
 *
 * Pure and deterministic: no I/O, no clock, no randomness. Stories are
 * visited in an order fixed by their ids, so the same stories in any order
 * give the same topics.
 */
import type { Section, Story, Topic } from "../../model.js";
import { assembleSections, type TopicEvidence } from "../sections/index.js";
import { slugify } from "../../text/index.js";
import { CategoryScorer, storySections, type BroadGroups } from "./broad-groups.js";
import { louvain } from "./communities.js";
import { mergeNearDuplicates, type DuplicateMerge } from "./duplicates.js";
import { resolveEntities, type EntityIndex } from "./entities.js";
import { subgraph } from "./graph.js";
import { findGroups } from "./grouping.js";
import { headlineLabel } from "./headline.js";
import { describeTopics, type TopicDescription } from "./labels.js";
import { vectorLikeness, type Likeness } from "./likeness.js";
import { neighbourGraph } from "./neighbours.js";
import { newestTime, orderStories, topicScore } from "./ordering.js";
import { readPins, type Pins } from "./pins.js";
import { ScanContext, scanParts, type StoryScan } from "./scan.js";
import { storyParts } from "./terms.js";
import { buildTermSpace, type SparseVector, type TermSpace } from "./vectors.js";

export interface TopicOptions {
  /**
   * At most this many topics, "In brief" included; the least important
   * topics go to "In brief", then one for the whole edition (without a cap,
   * each section has its own). Topics pinned by editors are always kept.
   */
  maxTopics?: number;
  /**
   * At most this many stories are grouped (the newest; MAX_STORIES by
   * default). More is not an error: the rest are left out, with a warning.
   */
  maxStories?: number;
}

export interface TopicGrouping {
  /** The stories after near-duplicates were merged. */
  stories: Story[];
  /** In digest order; every story is in exactly one topic. */
  topics: Topic[];
}

export const IN_BRIEF = "In brief";

/**
 * Grouping costs memory in proportion to the stories' words and their
 * neighbour links: about 25 MB per 1,000 news articles. Far past any
 * edition, the newest this many are kept and the rest reported.
 */
const MAX_STORIES = 100_000;

export interface SectionGrouping extends TopicGrouping {
  /** In digest order; every topic is in exactly one section. */
  sections: Section[];
  /** What the reader of the result should know: stories left out of an oversized input. */
  warnings: string[];
}

export interface DetailedTopicGrouping extends SectionGrouping {
  /** For each input story, the id of the story that carries it after merging ("" for a story left out). */
  carriedBy: string[];
}

export function groupTopics(stories: Story[], options: TopicOptions = {}): TopicGrouping {
  const { stories: merged, topics } = groupTopicsInDetail(stories, options);
  return { stories: merged, topics };
}

/** Topics, and the sections they fall into. */
export function groupSections(stories: Story[], options: TopicOptions = {}): SectionGrouping {
  const { carriedBy: _, ...grouping } = groupTopicsInDetail(stories, options);
  return grouping;
}

/** A topic under construction: indices into the merged stories. */
interface Draft {
  members: number[];
  /** The editor's name for a pinned topic. */
  pinned?: string;
  inBrief?: boolean;
  /** The section of its stories (a number of Graph.sections); none for a pinned topic or a gathered "In brief". */
  section?: number;
  score: number;
}

export function groupTopicsInDetail(input: ReadonlyArray<Story>, options: TopicOptions = {}): DetailedTopicGrouping {
  const { maxTopics, maxStories = MAX_STORIES } = options;
  if (maxTopics !== undefined && !(Number.isInteger(maxTopics) && maxTopics >= 1)) {
    throw new RangeError(`maxTopics must be a whole number of at least 1, got ${String(maxTopics)}`);
  }
  const { kept, warnings } = newestStories(input, maxStories);
  if (kept.length === 0) return { stories: [], topics: [], sections: [], warnings, carriedBy: input.map(() => "") };
  const graph = buildGraph(kept.map((i) => input[i]!));
  const { stories, scans, context } = graph;
  const entities = resolveEntities(scans, context, stories.flatMap((s) => [s.source.name, ...(s.alsoFrom ?? []).map((a) => a.name)]));
  const ordered = rank(gatherInBrief(draftTopics(graph, entities)), stories, maxTopics);
  const descriptions = describeTopics(
    ordered.map((d) => d.members),
    { stories, scans, entities, terms: context.index, termStoryCount: graph.space.documentFrequency },
  );
  const topics = finishTopics(ordered, graph, descriptions);
  const sections = assembleSections(sectionEvidence(ordered, topics, graph));
  const inOrder = inInputOrder(graph);
  const carriedBy = input.map(() => "");
  kept.forEach((inputIndex, k) => (carriedBy[inputIndex] = inOrder.carriedBy[k]!));
  return { stories: inOrder.stories, topics, sections, warnings, carriedBy };
}

/**
 * The input's indices to group: all of them, or past `limit` the newest
 * `limit` (by publication or update time; undated stories count as oldest),
 * in input order, with a warning that says what was left out.
 */
function newestStories(input: ReadonlyArray<Story>, limit: number): { kept: number[]; warnings: string[] } {
  const all = input.map((_, i) => i);
  if (input.length <= limit) return { kept: all, warnings: [] };
  const time = input.map((s) => Date.parse(s.publishedAt ?? s.updatedAt ?? "") || -Infinity);
  const newest = [...all].sort((a, b) => time[b]! - time[a]! || compareIds(input[a]!, input[b]!) || a - b).slice(0, limit);
  const kept = newest.sort((a, b) => a - b);
  return {
    kept,
    warnings: [`topic grouping takes the newest ${limit} of ${input.length} stories; ${input.length - limit} older ones are left out of the edition`],
  };
}

/**
 * The stories as grouping sees them, for evaluation against labelled corpora
 * (the benchmark composes it with groupsOfCount and refineByCentroids):
 * near-duplicates merged, stories pinned to a topic set aside, how alike the
 * rest are, and their vectors.
 */
interface SimilarityGraph {
  /** For each input story, its row in `likeness`: near-duplicates share one; -1 for a pinned story. */
  rowOf: Int32Array;
  /** How alike the stories left to group are, in the order grouping visits them. */
  likeness: Likeness;
  /** The TF-IDF vector of each row. */
  vectors: SparseVector[];
}

export function similarityGraph(input: ReadonlyArray<Story>): SimilarityGraph {
  const { order, merge, free, likeness, vectors } = buildGraph(input);
  const rowOfStory = new Int32Array(merge.stories.length).fill(-1);
  free.forEach((k, row) => (rowOfStory[k] = row));
  const rowOf = new Int32Array(input.length);
  order.forEach((inputIndex, position) => (rowOf[inputIndex] = rowOfStory[merge.outputOf[position]!]!));
  return { rowOf, likeness, vectors };
}

/** The input after scanning, merging and setting pins aside: what grouping and labelling work on. */
interface Graph {
  /** Input indices in the order every step visits the stories. */
  order: number[];
  context: ScanContext;
  space: TermSpace;
  merge: DuplicateMerge;
  /** The merged stories. */
  stories: Story[];
  /** Their scans. */
  scans: StoryScan[];
  pins: Pins;
  /** Indices of the stories left to group, one per row of `likeness`. */
  free: number[];
  /** For each merged story, its row in `likeness` (-1: pinned). */
  rowOfStory: Int32Array;
  likeness: Likeness;
  /** The TF-IDF vector of each row of `likeness`. */
  vectors: SparseVector[];
  /** The section of each row of `likeness`. */
  sections: BroadGroups;
  /** How strongly each merged story's text points to each built-in section. */
  categories: CategoryScorer;
}

function buildGraph(input: ReadonlyArray<Story>): Graph {
  // Every step below works in one order fixed by the story ids, so the input
  // order does not matter. The ids are hashed first: ids that follow the
  // subject (a CMS's "sport-0001") would otherwise present whole subjects one
  // after another, an order in which greedy modularity climbing does worse.
  const order = input.map((_, i) => i);
  const keys = input.map((story) => orderKey(story.id));
  order.sort((a, b) => keys[a]! - keys[b]! || compareIds(input[a]!, input[b]!) || a - b);
  const inOrder = order.map((i) => input[i]!);

  // Text to vectors to each story's nearest neighbours.
  const context = new ScanContext();
  const orderedScans = inOrder.map((story) => scanParts(storyParts(story), context));
  const space = buildTermSpace(orderedScans.map((scan) => scan.terms), context.index.size);
  const neighbours = neighbourGraph(space);

  // One story per set of near-duplicates.
  const all = vectorLikeness(space.vectors, context.index.size, neighbours);
  const merge = mergeNearDuplicates(inOrder, all, (i) => orderedScans[i]!.sequence.subarray(orderedScans[i]!.bodyStart));
  const scans = merge.keptIndex.map((i) => orderedScans[i]!);

  // Pinned stories go to their named topics; the others are grouped, on the
  // links among them (a merged copy's links go with it).
  const pins = readPins(merge.stories);
  const free = [...pins.free].sort((a, b) => merge.keptIndex[a]! - merge.keptIndex[b]!);
  const rows = free.map((i) => merge.keptIndex[i]!);
  const vectors = rows.map((r) => space.vectors[r]!);
  const likeness = vectorLikeness(vectors, context.index.size, subgraph(neighbours, rows));
  const rowOfStory = new Int32Array(merge.stories.length).fill(-1);
  free.forEach((k, row) => (rowOfStory[k] = row));
  const categories = new CategoryScorer(merge.keptIndex.map((i) => space.vectors[i]!), context.index);
  // Sections first, from the stories; topics are then found inside them.
  const sections = storySections(likeness, vectors);
  return { order, context, space, merge, stories: merge.stories, scans, pins, free, rowOfStory, likeness, vectors, sections, categories };
}

/** The pinned topics, then the groups found among the other stories. */
function draftTopics({ stories, pins, free, likeness, sections }: Graph, entities: EntityIndex): Draft[] {
  const drafts: Draft[] = pins.topics.map((t) => ({ members: t.members, pinned: t.name, inBrief: t.name.toLowerCase() === IN_BRIEF.toLowerCase(), score: 0 }));
  const sharesName = (a: number, b: number): boolean => {
    const namesA = entities.perStory[free[a]!]!;
    for (const name of entities.perStory[free[b]!]!.keys()) if (namesA.has(name)) return true;
    return false;
  };
  // Communities found inside each section, on the links among its stories, so no topic straddles two sections.
  const withinSections = new Int32Array(likeness.size);
  let next = 0;
  for (const members of sections.members) {
    const local = louvain(subgraph(likeness.graph, members));
    let count = 0;
    members.forEach((row, k) => {
      withinSections[row] = next + local[k]!;
      count = Math.max(count, local[k]! + 1);
    });
    next += count;
  }
  for (const group of findGroups(likeness, { sharesName, communities: withinSections })) {
    const members = group.map((k) => free[k]!);
    // A lone live blog is a big story of its own; other lone stories are "In brief".
    const alone = members.length === 1 && stories[members[0]!]!.kind !== "liveblog";
    drafts.push({ members, inBrief: alone, section: sections.groupOf[group[0]!]!, score: 0 });
  }
  return drafts;
}

/** Ranked drafts to topics: named after a headline, given unique ids, their stories in reading order. */
function finishTopics(ordered: Draft[], graph: Graph, descriptions: TopicDescription[]): Topic[] {
  const { stories } = graph;
  const usedIds = new Set<string>();
  return ordered.map((draft, k): Topic => {
    const storyOrder = orderStories(draft.members.map((i) => stories[i]!));
    const label = draft.pinned ?? (draft.inBrief ? IN_BRIEF : nameOf(draft.members, graph, descriptions[k]!) || storyOrder[0]!.headline);
    return {
      id: uniqueId(slug(label), usedIds),
      label,
      keywords: descriptions[k]!.keywords,
      storyIds: storyOrder.map((s) => s.id),
      score: draft.score,
    };
  });
}

/** A headline-like name: the member headline that best says what the topic's stories share. */
function nameOf(members: ReadonlyArray<number>, { stories, rowOfStory, likeness }: Graph, description: TopicDescription): string {
  // Centrality from the links kept among the members (exact in a small topic, the strongest in a big one).
  const rows = members.map((i) => rowOfStory[i]!);
  const inTopic = new Set(rows);
  const centrality = rows.map((row) => {
    if (row < 0) return 0;
    let sum = 0;
    const g = likeness.graph;
    for (let p = g.start[row]!; p < g.start[row + 1]!; p++) if (inTopic.has(g.neighbour[p]!)) sum += g.weight[p]!;
    return sum;
  });
  return headlineLabel(members.map((i) => stories[i]!), { names: description.names, terms: description.terms, centrality });
}

/**
 * What naming each topic's section needs: the sections its stories give,
 * and the built-in categories its words and its section's words point to.
 */
function sectionEvidence(ordered: Draft[], topics: Topic[], graph: Graph): TopicEvidence[] {
  const { stories, rowOfStory, categories, sections: groups } = graph;
  const groupScores = groups.members.map((rows) => categories.score(rows.map((row) => graph.free[row]!)));
  return ordered.map((draft, k): TopicEvidence => {
    const own = categories.score(draft.members);
    // The section of the topic's grouped stories (one, or for "In brief" the most common); a pinned topic is its own evidence.
    const votes = new Map<number, number>();
    for (const i of draft.members) {
      const row = rowOfStory[i]!;
      if (row >= 0) votes.set(groups.groupOf[row]!, (votes.get(groups.groupOf[row]!) ?? 0) + 1);
    }
    let group = -1;
    for (const [g, count] of votes) if (group < 0 || count > votes.get(group)! || (count === votes.get(group)! && g < group)) group = g;
    return {
      id: topics[k]!.id,
      inBrief: draft.inBrief === true,
      declared: draft.members.flatMap((i) => (stories[i]!.section ? [stories[i]!.section!] : [])),
      own,
      group: group >= 0 ? groupScores[group]! : own,
    };
  });
}

/** The merged stories back in input order (a merged story where its first copy was), and which one carries each input story. */
function inInputOrder({ order, merge, stories }: Graph): { stories: Story[]; carriedBy: string[] } {
  const n = order.length;
  const firstInput = new Int32Array(stories.length).fill(n);
  order.forEach((inputIndex, position) => {
    const k = merge.outputOf[position]!;
    firstInput[k] = Math.min(firstInput[k]!, inputIndex);
  });
  const outputStories = stories.map((story, k) => ({ story, first: firstInput[k]! })).sort((a, b) => a.first - b.first).map((e) => e.story);
  const carriedBy = new Array<string>(n);
  order.forEach((inputIndex, position) => (carriedBy[inputIndex] = stories[merge.outputOf[position]!]!.id));
  return { stories: outputStories, carriedBy };
}

/**
 * The "In brief" drafts of each section as one: a story that fits no topic
 * is still Sport or Politics, and is read at the end of its section. Stories
 * pinned to "In brief" have no section of their own and make one more.
 */
function gatherInBrief(drafts: Draft[]): Draft[] {
  const bySection = new Map<number, Draft[]>();
  for (const d of drafts) if (d.inBrief) bySection.set(d.section ?? -1, [...(bySection.get(d.section ?? -1) ?? []), d]);
  const gathered = [...bySection.values()].map((parts) => mergeInBrief(parts, parts[0]!.section));
  return [...drafts.filter((d) => !d.inBrief), ...gathered];
}

/** One "In brief" draft from several, keeping an editor's spelling of the name. */
function mergeInBrief(parts: ReadonlyArray<Draft>, section: number | undefined): Draft {
  const merged: Draft = { members: parts.flatMap((d) => d.members), inBrief: true, score: 0 };
  const pinned = parts.find((d) => d.pinned)?.pinned;
  if (pinned !== undefined) merged.pinned = pinned;
  if (section !== undefined) merged.section = section;
  return merged;
}

/**
 * Scores topics, applies the cap and puts them in digest order: by score,
 * "In brief" last (each section's in the order of the section's first
 * topic). With `maxTopics` exceeded, the least important topics beyond the
 * cap join one "In brief" for the whole edition (which takes one of the
 * places); pinned topics stay.
 */
function rank(drafts: Draft[], stories: ReadonlyArray<Story>, maxTopics: number | undefined): Draft[] {
  const newest = newestTime(stories);
  const score = (d: Draft): number => topicScore(d.members.map((i) => stories[i]!), newest);
  const lead = (d: Draft): Story => orderStories(d.members.map((i) => stories[i]!))[0]!;
  for (const draft of drafts) draft.score = score(draft);
  const byImportance = (a: Draft, b: Draft): number => b.score - a.score || compareIds(lead(a), lead(b));
  let named = drafts.filter((d) => !d.inBrief).sort(byImportance);
  const tails = drafts.filter((d) => d.inBrief);
  if (maxTopics !== undefined && named.length + tails.length > maxTopics) {
    let room = Math.max(0, maxTopics - 1 - named.filter((d) => d.pinned).length);
    const demoted: number[] = [];
    named = named.filter((d) => {
      if (d.pinned) return true;
      if (room > 0) {
        room--;
        return true;
      }
      demoted.push(...d.members);
      return false;
    });
    const inBrief = mergeInBrief([...tails, { members: demoted, score: 0 }], undefined);
    inBrief.score = score(inBrief);
    return [...named, inBrief];
  }
  // Sections come in the order of their first topic; their "In brief" likewise (sections of strays only last, by number).
  const sectionRank = new Map<number, number>();
  named.forEach((d, k) => d.section !== undefined && !sectionRank.has(d.section) && sectionRank.set(d.section, k));
  const rankOf = (d: Draft): number => (d.section === undefined ? -1 : (sectionRank.get(d.section) ?? named.length + d.section));
  return [...named, ...tails.sort((a, b) => rankOf(a) - rankOf(b))];
}

/** FNV-1a hash of an id: a fixed order that does not follow the ids' own sequence. */
function orderKey(id: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 0x01000193);
  return hash >>> 0;
}

function compareIds(a: Story, b: Story): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** "Putin · North Korea" -> "putin-north-korea"; "topic" when nothing is left. */
function slug(label: string): string {
  return slugify(label, 60) || "topic";
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

export { groupsOfCount } from "./grouping.js";
export { membersOf } from "./broad-groups.js";
export { refineByCentroids } from "./centroids.js";
export { collapsedLikeness } from "./likeness.js";
export { louvain } from "./communities.js";
