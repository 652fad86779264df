/**
 * Broad groups above the communities, the evidence for naming sections.
 *
 * On the top-k neighbour graph modularity finds subjects (a section's
 * football, its tennis) or, in a day's edition, events. Whole sections come
 * out of the same measure on the full likeness of every pair, which the
 * graph leaves out; so each community is collapsed into one node linked to
 * the others by its exact summed cosines (a dot product of summed vectors,
 * see likeness.ts) and modularity climbs on from there. The c x c table of
 * communities is small beside n x n.
 *
 * The built-in categories are scored on the same stories (CategoryScorer).
 */
import { CATEGORY_WORDS, scoreCategories } from "../sections/index.js";
import { refineByCentroids } from "./centroids.js";
import { louvain } from "./communities.js";
import { collapsedLikeness, type Likeness } from "./likeness.js";
import type { TermIndex } from "./term-index.js";
import { normalizeTerm } from "./terms.js";
import type { SparseVector } from "./vectors.js";

export interface BroadGroups {
  /** Per item (row of the likeness), its broad group. */
  groupOf: Int32Array;
  /** Rows per broad group. */
  members: number[][];
}

/** Communities (a number per row) gathered into broad groups by modularity on their exact summed likeness. */
export function broadGroups(likeness: Likeness, communities: ArrayLike<number>): BroadGroups {
  const communityMembers = membersOf(communities);
  const links = likeness.groupLinks(communityMembers);
  const above = louvain(collapsedLikeness(links, communityMembers.length).graph);
  const groupOf = Int32Array.from(communities, (c) => above[c]!);
  return { groupOf, members: membersOf(groupOf) };
}

/**
 * The sections of the stories (rows of `likeness`, with their `vectors`):
 * broad groups of the first level of communities (small and pure, so a stray
 * subject is not carried into a section with a whole community), each story
 * then moved to the section whose centroid it is most like.
 */
export function storySections(likeness: Likeness, vectors: ReadonlyArray<SparseVector>): BroadGroups {
  const broad = broadGroups(likeness, louvain(likeness.graph, 1));
  const groupOf = refineByCentroids(vectors, broad.groupOf);
  return { groupOf, members: membersOf(groupOf) };
}

/** Item indices per group number, groups in order of their number. */
export function membersOf(groups: ArrayLike<number>): number[][] {
  const members: number[][] = [];
  for (let i = 0; i < groups.length; i++) (members[groups[i]!] ??= []).push(i);
  return members.filter((m) => m !== undefined);
}

/** Category scores of sets of stories: their mean TF-IDF weight on each category's words. */
export class CategoryScorer {
  /** Per term number, its slot among CATEGORY_WORDS (-1: not a category word); an array, as every story's every term is looked up. */
  private readonly slotOfTerm: Int32Array;
  private readonly slotOfWord = new Map<string, number>();

  constructor(
    private readonly vectors: ReadonlyArray<SparseVector>,
    terms: TermIndex,
  ) {
    this.slotOfTerm = new Int32Array(terms.size).fill(-1);
    CATEGORY_WORDS.forEach((word, slot) => {
      this.slotOfWord.set(word, slot);
      const term = terms.find(normalizeTerm(word));
      if (term !== undefined) this.slotOfTerm[term] = slot;
    });
  }

  score(stories: ReadonlyArray<number>): Float64Array {
    const weights = new Float64Array(CATEGORY_WORDS.length);
    for (const i of stories) {
      const v = this.vectors[i]!;
      for (let k = 0; k < v.terms.length; k++) {
        const slot = this.slotOfTerm[v.terms[k]!]!;
        if (slot >= 0) weights[slot] = weights[slot]! + v.weights[k]!;
      }
    }
    const size = Math.max(1, stories.length);
    return scoreCategories((word) => weights[this.slotOfWord.get(word)!]! / size);
  }
}
