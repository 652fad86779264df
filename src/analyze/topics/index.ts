/**
 * Topic grouping: stories in, labelled topics out, in digest order.
 *
 *   text ──scan──> terms + names ──TF-IDF──> cosine matrix      (topics/scan, vectors)
 *        ──> near-duplicates merged                              (topics/duplicates)
 *        ──> editor pins set aside                               (topics/pins)
 *        ──> modularity groups; distinct events split off;
 *            loose groups dissolved; strays to "In brief"        (topics/communities, grouping)
 *        ──> scored, capped, ordered                             (topics/ordering, here)
 *        ──> labelled from shared names, then key terms          (topics/entities, labels)
 *
 * No number of groups is given: modularity finds as many as the likeness of
 * the stories supports, which is events in a day's few dozen stories and
 * broad subjects in thousands (see topics/communities.ts).
 *
 * Pure and deterministic: no I/O, no clock, no randomness. Stories are
 * visited in an order fixed by their ids, so the same stories in any order
 * give the same topics.
 */
import type { Story, Topic } from "../../model.js";
import { slugify } from "../../text/index.js";
import { compactInPlace, type SimilarityMatrix } from "./communities.js";
import { mergeNearDuplicates, type DuplicateMerge } from "./duplicates.js";
import { resolveEntities, type EntityIndex } from "./entities.js";
import { findGroups } from "./grouping.js";
import { describeTopics, type TopicDescription } from "./labels.js";
import { newestTime, orderStories, topicScore } from "./ordering.js";
import { readPins, type Pins } from "./pins.js";
import { ScanContext, scanParts, type StoryScan } from "./scan.js";
import { storyParts } from "./terms.js";
import { buildTermSpace, similarityMatrix, type TermSpace } from "./vectors.js";

export interface TopicOptions {
  /**
   * At most this many topics, "In brief" included; the least important
   * topics go to "In brief". Topics pinned by editors are always kept.
   */
  maxTopics?: number;
}

export interface TopicGrouping {
  /** The stories after near-duplicates were merged. */
  stories: Story[];
  /** In digest order; every story is in exactly one topic. */
  topics: Topic[];
}

export const IN_BRIEF = "In brief";

/**
 * Grouping compares every story with every other in an n x n matrix of
 * 4-byte cosines: 20 MB for 2,223 stories, 400 MB for 10,000. A day's
 * edition is far below this; a larger archive must be grouped in batches.
 */
const MAX_STORIES = 10_000;

export interface DetailedTopicGrouping extends TopicGrouping {
  /** For each input story, the id of the story that carries it after merging. */
  carriedBy: string[];
}

export function groupTopics(stories: Story[], options: TopicOptions = {}): TopicGrouping {
  const { stories: merged, topics } = groupTopicsInDetail(stories, options);
  return { stories: merged, topics };
}

/** A topic under construction: indices into the merged stories. */
interface Draft {
  members: number[];
  /** The editor's name for a pinned topic. */
  pinned?: string;
  inBrief?: boolean;
  score: number;
}

export function groupTopicsInDetail(input: ReadonlyArray<Story>, options: TopicOptions = {}): DetailedTopicGrouping {
  const { maxTopics } = options;
  if (maxTopics !== undefined && !(Number.isInteger(maxTopics) && maxTopics >= 1)) {
    throw new RangeError(`maxTopics must be a whole number of at least 1, got ${String(maxTopics)}`);
  }
  checkStoryCount(input);
  if (input.length === 0) return { stories: [], topics: [], carriedBy: [] };
  const graph = buildGraph(input);
  const { stories, scans, context } = graph;
  const entities = resolveEntities(scans, context, stories.flatMap((s) => [s.source.name, ...(s.alsoFrom ?? []).map((a) => a.name)]));
  const ordered = rank(gatherInBrief(draftTopics(graph, entities)), stories, maxTopics);
  const descriptions = describeTopics(
    ordered.map((d) => d.members),
    { stories, scans, entities, terms: context.index, termStoryCount: graph.space.documentFrequency },
  );
  return { ...inInputOrder(graph), topics: finishTopics(ordered, stories, descriptions) };
}

/**
 * The stories as grouping sees them, for evaluation against labelled corpora
 * (the benchmark composes it with groupsOfCount): near-duplicates merged,
 * stories pinned to a topic set aside, and how alike the rest are.
 */
interface SimilarityGraph {
  /** For each input story, its row in `similarity`: near-duplicates share one; -1 for a pinned story. */
  rowOf: Int32Array;
  /** Cosines between the stories left to group, in the order grouping visits them. */
  similarity: SimilarityMatrix;
}

export function similarityGraph(input: ReadonlyArray<Story>): SimilarityGraph {
  checkStoryCount(input);
  if (input.length === 0) return { rowOf: new Int32Array(0), similarity: { size: 0, values: new Float32Array(0) } };
  const { order, merge, free, similarity } = buildGraph(input);
  const rowOfStory = new Int32Array(merge.stories.length).fill(-1);
  free.forEach((k, row) => (rowOfStory[k] = row));
  const rowOf = new Int32Array(input.length);
  order.forEach((inputIndex, position) => (rowOf[inputIndex] = rowOfStory[merge.outputOf[position]!]!));
  return { rowOf, similarity };
}

function checkStoryCount(input: ReadonlyArray<Story>): void {
  if (input.length > MAX_STORIES) {
    throw new RangeError(`topic grouping takes at most ${MAX_STORIES} stories at once, got ${input.length}: group them in smaller batches`);
  }
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
  /** Indices of the stories left to group, one per row of `similarity`. */
  free: number[];
  similarity: SimilarityMatrix;
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

  // Text to vectors to likeness.
  const context = new ScanContext();
  const orderedScans = inOrder.map((story) => scanParts(storyParts(story), context));
  const space = buildTermSpace(orderedScans.map((scan) => scan.terms), context.index.size);
  const matrix = { size: inOrder.length, values: similarityMatrix(space) };

  // One story per set of near-duplicates.
  const merge = mergeNearDuplicates(inOrder, matrix, (i) => orderedScans[i]!.sequence.subarray(orderedScans[i]!.bodyStart));
  const scans = merge.keptIndex.map((i) => orderedScans[i]!);

  // Pinned stories go to their named topics; the others are grouped.
  const pins = readPins(merge.stories);
  const free = [...pins.free].sort((a, b) => merge.keptIndex[a]! - merge.keptIndex[b]!);
  // The matrix shrinks in place to the stories left to group: one n x n matrix in memory, not two.
  const similarity = compactInPlace(matrix, free.map((i) => merge.keptIndex[i]!));
  return { order, context, space, merge, stories: merge.stories, scans, pins, free, similarity };
}

/** The pinned topics, then the groups found among the other stories. */
function draftTopics({ stories, pins, free, similarity }: Graph, entities: EntityIndex): Draft[] {
  const drafts: Draft[] = pins.topics.map((t) => ({ members: t.members, pinned: t.name, inBrief: t.name.toLowerCase() === IN_BRIEF.toLowerCase(), score: 0 }));
  const sharesName = (a: number, b: number): boolean => {
    const namesA = entities.perStory[free[a]!]!;
    for (const name of entities.perStory[free[b]!]!.keys()) if (namesA.has(name)) return true;
    return false;
  };
  for (const group of findGroups(similarity, { sharesName })) {
    const members = group.map((k) => free[k]!);
    // A lone live blog is a big story of its own; other lone stories are "In brief".
    const alone = members.length === 1 && stories[members[0]!]!.kind !== "liveblog";
    drafts.push({ members, inBrief: alone, score: 0 });
  }
  return drafts;
}

/** Ranked drafts to topics: labelled, given unique ids, their stories in reading order. */
function finishTopics(ordered: Draft[], stories: ReadonlyArray<Story>, descriptions: TopicDescription[]): Topic[] {
  const usedIds = new Set<string>();
  return ordered.map((draft, k): Topic => {
    const storyOrder = orderStories(draft.members.map((i) => stories[i]!));
    // A topic whose stories share no name or term worth a label (rare) is named after its lead story.
    const label = draft.pinned ?? (draft.inBrief ? IN_BRIEF : descriptions[k]!.label || storyOrder[0]!.headline);
    return {
      id: uniqueId(slug(label), usedIds),
      label,
      keywords: descriptions[k]!.keywords,
      storyIds: storyOrder.map((s) => s.id),
      score: draft.score,
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

/** All "In brief" drafts (pinned there, or stories that fit nowhere) as one. */
function gatherInBrief(drafts: Draft[]): Draft[] {
  const inBrief = drafts.filter((d) => d.inBrief);
  if (inBrief.length <= 1) return drafts;
  const merged: Draft = { members: inBrief.flatMap((d) => d.members), inBrief: true, score: 0 };
  const pinned = inBrief.find((d) => d.pinned)?.pinned;
  if (pinned !== undefined) merged.pinned = pinned;
  return [...drafts.filter((d) => !d.inBrief), merged];
}

/**
 * Scores topics, applies the cap and puts them in digest order: by score,
 * "In brief" last. With `maxTopics`, the least important topics beyond the
 * cap join "In brief" (which takes one of the places); pinned topics stay.
 */
function rank(drafts: Draft[], stories: ReadonlyArray<Story>, maxTopics: number | undefined): Draft[] {
  const newest = newestTime(stories);
  const score = (d: Draft): number => topicScore(d.members.map((i) => stories[i]!), newest);
  const lead = (d: Draft): Story => orderStories(d.members.map((i) => stories[i]!))[0]!;
  for (const draft of drafts) draft.score = score(draft);
  const byImportance = (a: Draft, b: Draft): number => b.score - a.score || compareIds(lead(a), lead(b));
  let named = drafts.filter((d) => !d.inBrief).sort(byImportance);
  let inBrief = drafts.find((d) => d.inBrief);
  if (maxTopics !== undefined && named.length + (inBrief ? 1 : 0) > maxTopics) {
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
    inBrief = { members: [...(inBrief?.members ?? []), ...demoted], inBrief: true, score: 0, ...(inBrief?.pinned ? { pinned: inBrief.pinned } : {}) };
    inBrief.score = score(inBrief);
  }
  return inBrief ? [...named, inBrief] : named;
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
