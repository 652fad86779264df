/**
 * From a similarity matrix to groups of stories: modularity communities
 * (communities.ts), then three checks that make them read as topics.
 *
 * 1. Distinct events inside a community are split off. Modularity merges
 *    small groups that share a field (an earthquake and a wildfire:
 *    evacuations, rescuers, helicopters; two finals and other sport) when
 *    each is small beside the whole input. The community is re-partitioned
 *    on its own, and a part that is far more alike inside than it is to the
 *    rest of the community (DISTINCT_PART times) becomes a group of its own.
 *    Broad subjects in a large input fall apart only into parts 1.2 to 4
 *    times more alike inside than across (measured on the BBC set), while
 *    stories on one event are 7 times and more alike.
 * 2. A group must hang together: its stories, on average, at least
 *    MIN_ATTACHMENT times as alike among themselves as they are to the rest
 *    of the input. Stories from one outlet share its house vocabulary, and
 *    modularity can gather a handful of unrelated ones into a grab-bag
 *    (about 1.9 times); sections of the BBC set score 2.2 to 4.6, events far
 *    more. A loose group is re-partitioned and its parts judged the same way.
 * 3. A story that does not belong is a stray and leaves its group (for "In
 *    brief"), see separateStrays.
 */
import { louvain, subgraph } from "./communities.js";
import { linkWeight, type SimilarityMatrix } from "./graph.js";
import { matrixLikeness, type Likeness } from "./likeness.js";

/** A part this many times more alike inside than to the rest of its community is a group of its own. */
const DISTINCT_PART = 5;

/** A group's stories must be this many times as alike among themselves as to the rest of the input. */
const MIN_ATTACHMENT = 2;

/**
 * A story stays in its group only if its most similar fellow member has at
 * least this cosine: unrelated news stories score about 0.05 or less (shared
 * words like "government" or "week"), stories on one event 0.2 and more. ...
 */
const STRAY_FLOOR = 0.08;

/**
 * ... and at least this fraction of what every other member has with its own
 * most similar fellow: a member much looser than the rest is a near miss.
 */
const STRAY_RELATIVE = 0.5;

interface GroupingOptions {
  /** Whether two items name a person, place or organisation in common (for check 3). */
  sharesName?: (i: number, j: number) => boolean;
  /** Communities already found on the whole graph (a group number per item), to start from. */
  communities?: ArrayLike<number>;
}

const asLikeness = (input: Likeness | SimilarityMatrix): Likeness => ("graph" in input ? input : matrixLikeness(input));

/** Groups of item indices, every item in exactly one group; singletons are strays. */
export function findGroups(input: Likeness | SimilarityMatrix, options: GroupingOptions = {}): number[][] {
  const likeness = asLikeness(input);
  if (likeness.size === 0) return [];
  const top = membersOf(options.communities ?? louvain(likeness.graph));
  const rowSums = likeness.rowSums();
  return top
    .flatMap((community) => splitDistinct(likeness, community))
    .flatMap((group) => keepCohesive(likeness, rowSums, group, 3))
    .flatMap((group) => separateStrays(likeness, group, options.sharesName));
}

/**
 * Exactly `count` groups of item indices (fewer only with fewer items), without
 * splitting events or setting strays apart: for comparing with labelled corpora
 * at their number of classes, not for editions.
 */
export function groupsOfCount(input: Likeness | SimilarityMatrix, count: number): number[][] {
  const likeness = asLikeness(input);
  if (likeness.size === 0) return [];
  return adjustCount(likeness, membersOf(louvain(likeness.graph)), count);
}

/** How many times as alike a group's stories are among themselves as to the rest (Infinity with no rest). */
function attachment(likeness: Likeness, rowSums: Float64Array, group: ReadonlyArray<number>): number {
  const m = group.length;
  const rest = likeness.size - m;
  if (m < 2 || rest === 0) return Infinity;
  const inside = likeness.sum(group, group);
  let total = 0;
  for (const i of group) total += rowSums[i]!;
  const meanInside = inside / (m * (m - 1));
  const meanOutside = (total - inside) / (m * rest);
  return meanOutside > 0 ? meanInside / meanOutside : Infinity;
}

/** Groups that hang together (check 2); a loose group is re-partitioned, `depth` more times at most. */
function keepCohesive(likeness: Likeness, rowSums: Float64Array, group: number[], depth: number): number[][] {
  if (attachment(likeness, rowSums, group) >= MIN_ATTACHMENT) return [group];
  if (depth > 0 && group.length >= 4) {
    const parts = partsOf(likeness, group);
    if (parts.length >= 2) return parts.flatMap((part) => keepCohesive(likeness, rowSums, part, depth - 1));
  }
  return group.map((item) => [item]);
}

/** The communities inside one group, as item indices. */
function partsOf(likeness: Likeness, group: ReadonlyArray<number>): number[][] {
  return membersOf(louvain(subgraph(likeness.graph, group))).map((part) => part.map((k) => group[k]!));
}

/** Item indices per group number, groups in order of their first item. */
function membersOf(groups: ArrayLike<number>): number[][] {
  const members: number[][] = [];
  for (let i = 0; i < groups.length; i++) (members[groups[i]!] ??= []).push(i);
  return members.filter((m) => m !== undefined);
}

/**
 * Splits off the distinct events inside a community (check 1), recursively:
 * the parts that are DISTINCT_PART times more alike inside than to the rest
 * of the community go their own way; the other parts stay together.
 */
function splitDistinct(likeness: Likeness, community: number[]): number[][] {
  if (community.length < 4) return [community];
  const parts = partsOf(likeness, community);
  if (parts.length < 2) return [community];
  const distinct: number[][] = [];
  const rest: number[] = [];
  for (const part of parts) {
    const members = new Set(part);
    const others = community.filter((j) => !members.has(j));
    if (part.length > 1 && meanLink(likeness, part, part) >= DISTINCT_PART * meanLink(likeness, part, others)) distinct.push(part);
    else rest.push(...part);
  }
  if (distinct.length === 0) return [community];
  rest.sort((a, b) => a - b);
  return [...distinct.flatMap((part) => splitDistinct(likeness, part)), ...(rest.length > 0 ? splitDistinct(likeness, rest) : [])];
}

/** Mean similarity between items of `a` and items of `b` (`a` and `b` the same list, or disjoint). */
function meanLink(likeness: Likeness, a: ReadonlyArray<number>, b: ReadonlyArray<number>): number {
  const pairs = a === b ? a.length * (a.length - 1) : a.length * b.length;
  return pairs > 0 ? likeness.sum(a, b) / pairs : 0;
}

/**
 * Sets apart, one by one, the members that do not belong (check 3): the
 * member least like its fellows leaves when nothing in the group resembles it
 * (STRAY_FLOOR), when it is much looser than every other member
 * (STRAY_RELATIVE), or when it names no one its fellows name while they do
 * name people, places or organisations in common. Stories on one event share
 * names ("Bank of England", "Bailey"); a story on rail fares that shares only
 * the words "rise" and "inflation" with them does not.
 */
function separateStrays(likeness: Likeness, group: number[], sharesName?: (i: number, j: number) => boolean): number[][] {
  const members = new Set(group);
  const strays: number[][] = [];
  // Links kept in the graph: a story's most similar fellow is among its strongest links.
  const sim = (i: number, j: number): number => linkWeight(likeness.graph, i, j);
  // Per member: its most similar fellow, and a fellow it shares a name with (-1: none).
  // Both are worked out again only for the members whose fellow leaves.
  const nearest = new Map<number, number>();
  const namesake = new Map<number, number>();
  const findNearest = (i: number): void => {
    let best = -1;
    for (const j of members) if (j !== i && (best < 0 || sim(i, j) > sim(i, best))) best = j;
    nearest.set(i, best);
  };
  const findNamesake = (i: number): void => {
    let found = -1;
    for (const j of members) {
      if (sharesName && j !== i && sharesName(i, j)) {
        found = j;
        break;
      }
    }
    namesake.set(i, found);
  };
  for (const i of members) {
    findNearest(i);
    findNamesake(i);
  }
  const closeness = (i: number): number => (nearest.get(i)! < 0 ? 0 : sim(i, nearest.get(i)!));
  while (members.size >= 2) {
    const list = [...members];
    const unnamed = sharesName ? list.filter((i) => namesake.get(i)! < 0) : [];
    let leaving: number | undefined;
    // Names first: if the others share names and some members do not, the least similar of those leaves.
    if (unnamed.length > 0 && list.length - unnamed.length >= 2) {
      leaving = unnamed.reduce((a, b) => (closeness(b) < closeness(a) ? b : a));
    } else {
      const weakest = list.reduce((a, b) => (closeness(b) < closeness(a) ? b : a));
      const othersLoosest = Math.min(...list.filter((i) => i !== weakest).map(closeness));
      const value = closeness(weakest);
      if (value < STRAY_FLOOR || value < STRAY_RELATIVE * othersLoosest) leaving = weakest;
    }
    if (leaving === undefined) break;
    members.delete(leaving);
    strays.push([leaving]);
    for (const i of members) {
      if (nearest.get(i) === leaving) findNearest(i);
      if (namesake.get(i) === leaving) findNamesake(i);
    }
  }
  return [[...members], ...strays];
}

/**
 * Exactly `count` groups: merges the pair whose merging costs least
 * modularity, or splits the group whose own best split gains most, until the
 * number is right.
 */
function adjustCount(likeness: Likeness, groups: number[][], count: number): number[][] {
  const target = Math.max(1, Math.min(count, likeness.size));
  let current = groups.map((g) => [...g]);
  const total = likeness.sum(current.flat(), current.flat());
  while (current.length > target) current = mergeBestPair(likeness, current, total);
  while (current.length < target) {
    const next = splitBestGroup(likeness, current, total);
    if (next === undefined) break;
    current = next;
  }
  return current;
}

/** Modularity gain of joining groups a and b (negative: they are better apart). */
function joinGain(likeness: Likeness, a: number[], b: number[], degree: (g: number[]) => number, total: number): number {
  return (2 * likeness.sum(a, b)) / total - (2 * degree(a) * degree(b)) / (total * total);
}

function degreeOf(likeness: Likeness): (g: number[]) => number {
  const rowSums = likeness.rowSums();
  return (g) => g.reduce((s, i) => s + rowSums[i]!, 0);
}

function mergeBestPair(likeness: Likeness, groups: number[][], total: number): number[][] {
  const degree = degreeOf(likeness);
  let best: [number, number] = [0, 1];
  let bestGain = -Infinity;
  for (let a = 0; a < groups.length; a++) {
    for (let b = a + 1; b < groups.length; b++) {
      const gain = joinGain(likeness, groups[a]!, groups[b]!, degree, total);
      if (gain > bestGain) {
        bestGain = gain;
        best = [a, b];
      }
    }
  }
  const [a, b] = best;
  return groups.filter((_, i) => i !== b).map((g, i) => (i === a ? [...g, ...groups[b]!].sort((x, y) => x - y) : g));
}

function splitBestGroup(likeness: Likeness, groups: number[][], total: number): number[][] | undefined {
  const degree = degreeOf(likeness);
  let best: { index: number; parts: number[][]; gain: number } | undefined;
  groups.forEach((group, index) => {
    if (group.length < 2) return;
    let parts = partsOf(likeness, group);
    if (parts.length < 2) parts = [group.slice(0, 1), group.slice(1)];
    while (parts.length > 2) parts = mergeBestPair(likeness, parts, total);
    // Gain of keeping the two parts apart = minus the gain of joining them.
    const gain = -joinGain(likeness, parts[0]!, parts[1]!, degree, total);
    if (best === undefined || gain > best.gain) best = { index, parts, gain };
  });
  if (best === undefined) return undefined;
  const chosen = best;
  return groups.flatMap((g, i) => (i === chosen.index ? chosen.parts : [g]));
}
