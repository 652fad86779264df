/**
 * Near-duplicate merging: the same story carried by two feeds (or twice by
 * one) becomes one story that keeps the richer text and lists every source
 * that carried it in `alsoFrom`.
 *
 * Two stories are the same when their headlines match up to case and
 * punctuation, or when their bodies are near-identical: at least 80% of the
 * shorter body's runs of four content words appear in the other (copies,
 * trimmed copies and lightly edited updates; two desks writing up one event
 * share far fewer). Bodies are compared only for pairs whose TF-IDF cosine
 * already says they are close, which keeps the check cheap. Articles and
 * live blogs never merge. Stories with the same id are one story and always merge.
 */
import type { Source, Story } from "../../model.js";
import { wordCount } from "../../text/index.js";
import type { SparseGraph } from "./graph.js";
import { storyParts } from "./terms.js";

/** Pairs at least this alike (TF-IDF cosine, headline included) get their bodies compared. */
const CANDIDATE_SIMILARITY = 0.5;
/** Share of the shorter body's runs of four content words found in the other body. */
const SAME_BODY = 0.8;
/** Bodies with fewer runs than this are too short to call identical. */
const MIN_SHINGLES = 8;
/**
 * Short headlines recur for different stories ("Letters", "Weather"): with
 * fewer words than this, equal headlines also need alike texts.
 */
const SHORT_HEADLINE_WORDS = 4;
const SHORT_HEADLINE_TEXT = 0.5;
const SHORT_HEADLINE_WINDOW = 50;

export interface DuplicateMerge {
  /** One story per set of duplicates, in the input order of their first member. */
  stories: Story[];
  /** For each output story, the input index whose text it kept. */
  keptIndex: number[];
  /** For each input story, the index of the output story that carries it. */
  outputOf: Int32Array;
}

/** Headline compared up to case, punctuation and spacing. */
export function headlineKey(headline: string): string {
  return headline.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * The body's runs of four consecutive content words, hashed. `terms` is the
 * body's content terms in text order (term numbers; negative entries mark
 * left-out stop words and breaks, which are skipped).
 */
function shingles(terms: Int32Array): Set<number> {
  const words = terms.filter((t) => t >= 0);
  const set = new Set<number>();
  for (let k = 0; k + 4 <= words.length; k++) {
    let hash = 0x811c9dc5;
    for (let w = k; w < k + 4; w++) hash = Math.imul(hash ^ words[w]!, 0x01000193);
    set.add(hash);
  }
  return set;
}

/** Share of the smaller set found in the larger; 0 when the smaller is too short to tell. */
function containment(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < MIN_SHINGLES) return 0;
  let shared = 0;
  for (const shingle of small) if (large.has(shingle)) shared++;
  return shared / small.size;
}

/** How much there is to read: words outside the headline. */
function richness(story: Story): number {
  return storyParts(story).slice(1).reduce((sum, part) => sum + wordCount(part.text), 0);
}

/** How alike the stories are: their strongest links, and any pair's exact TF-IDF cosine. */
interface Closeness {
  graph: SparseGraph;
  cosine(i: number, j: number): number;
}

/**
 * `closeness` holds the stories' TF-IDF cosines; `body(i)` gives story i's
 * body as content terms in text order. Bodies are compared for the pairs
 * linked in the neighbour graph: a near-copy is among a story's closest.
 */
export function mergeNearDuplicates(stories: ReadonlyArray<Story>, closeness: Closeness, body: (i: number) => Int32Array): DuplicateMerge {
  const sets = new DisjointSets(stories.length);
  joinSameIds(stories, sets);
  joinSameHeadlines(stories, closeness, sets);
  joinSameBodies(stories, closeness.graph, body, sets);
  return mergeSets(stories, sets);
}

/** Union-find over story indices; a set is named by its lowest member. */
class DisjointSets {
  private readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * One id is one story (ids derive from source and url or headline): the
 * same file read twice must not appear twice in the edition.
 */
function joinSameIds(stories: ReadonlyArray<Story>, sets: DisjointSets): void {
  const byId = new Map<string, number>();
  stories.forEach((story, i) => {
    const first = byId.get(story.id);
    if (first === undefined) byId.set(story.id, i);
    else sets.union(first, i);
  });
}

/** Stories of one kind with the same headline, short headlines only with alike texts. */
function joinSameHeadlines(stories: ReadonlyArray<Story>, closeness: Closeness, sets: DisjointSets): void {
  const byHeadline = new Map<string, number[]>();
  stories.forEach((story, i) => {
    const key = `${story.kind}|${headlineKey(story.headline)}`;
    const same = byHeadline.get(key);
    if (same) same.push(i);
    else byHeadline.set(key, [i]);
  });
  for (const [key, members] of byHeadline) {
    const headline = key.slice(key.indexOf("|") + 1);
    const short = headline.split(" ").length < SHORT_HEADLINE_WORDS;
    if (!short) {
      for (const member of members) sets.union(members[0]!, member);
      continue;
    }
    // A short headline shared by thousands ("Letters") is compared with a window of earlier
    // stories only, so the cost stays linear; copies of one text still chain together.
    for (let b = 1; b < members.length; b++) {
      for (let a = Math.max(0, b - SHORT_HEADLINE_WINDOW); a < b; a++) {
        if (closeness.cosine(members[a]!, members[b]!) >= SHORT_HEADLINE_TEXT) sets.union(members[a]!, members[b]!);
      }
    }
  }
}

/** Stories of one kind whose bodies are near-identical, among the pairs close enough to compare. */
function joinSameBodies(stories: ReadonlyArray<Story>, graph: SparseGraph, body: (i: number) => Int32Array, sets: DisjointSets): void {
  const n = stories.length;
  const bodies = new Map<number, Set<number>>();
  const runs = (i: number): Set<number> => {
    let set = bodies.get(i);
    if (!set) bodies.set(i, (set = shingles(body(i))));
    return set;
  };
  for (let i = 0; i < n; i++) {
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
      const j = graph.neighbour[p]!;
      if (j <= i || graph.weight[p]! < CANDIDATE_SIMILARITY || stories[i]!.kind !== stories[j]!.kind || sets.find(i) === sets.find(j)) continue;
      if (containment(runs(i), runs(j)) >= SAME_BODY) sets.union(i, j);
    }
  }
}

/** One story per set, keeping the richest text and every source that carried it. */
function mergeSets(stories: ReadonlyArray<Story>, sets: DisjointSets): DuplicateMerge {
  const n = stories.length;
  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    const set = membersOf.get(root);
    if (set) set.push(i);
    else membersOf.set(root, [i]);
  }
  const outputOf = new Int32Array(n);
  const merged: Story[] = [];
  const keptIndex: number[] = [];
  for (const members of membersOf.values()) {
    members.forEach((i) => (outputOf[i] = merged.length));
    if (members.length === 1) {
      merged.push(stories[members[0]!]!);
      keptIndex.push(members[0]!);
      continue;
    }
    const words = new Map(members.map((i) => [i, richness(stories[i]!)]));
    const ranked = [...members].sort((a, b) => words.get(b)! - words.get(a)! || compareIds(stories[a]!, stories[b]!) || a - b);
    const kept = stories[ranked[0]!]!;
    const sources = distinctSources(ranked.flatMap((i) => [stories[i]!.source, ...(stories[i]!.alsoFrom ?? [])]));
    const topic = kept.topic ?? ranked.map((i) => stories[i]!.topic).find((t) => t !== undefined);
    const story: Story = { ...kept };
    if (sources.length > 1) story.alsoFrom = sources;
    if (topic !== undefined) story.topic = topic;
    merged.push(story);
    keptIndex.push(ranked[0]!);
  }
  return { stories: merged, keptIndex, outputOf };
}

function compareIds(a: Story, b: Story): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sources by name, first spelling kept, case and spacing ignored. */
function distinctSources(sources: Source[]): Source[] {
  const seen = new Map<string, Source>();
  for (const source of sources) {
    const key = source.name.trim().toLowerCase();
    if (!seen.has(key)) seen.set(key, source);
  }
  return [...seen.values()];
}
