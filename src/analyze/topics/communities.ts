/**
 * Finds groups of stories in a similarity graph by maximising modularity
 * (Louvain method): a grouping scores well when stories inside a group are
 * more alike than their overall likeness would predict. No number of groups
 * is given.
 *
 * The graph holds each story's strongest links only (see neighbours.ts), so
 * one sweep of local moving costs the links, not n x n. On a top-k graph
 * modularity resolves finer groups than on the full matrix of cosines: the
 * subjects of a section rather than the sections, and events in a day's few
 * dozen stories. Sections are found above them from the exact summed
 * likeness of whole groups (see broad-groups.ts).
 */
import { asGraph, collapse, type SimilarityMatrix, type SparseGraph } from "./graph.js";

export type { SimilarityMatrix, SparseGraph } from "./graph.js";
export { subgraph } from "./graph.js";

/** Node degrees (links summed, self link included) and their total. */
function degrees(graph: SparseGraph): { degree: Float64Array; total: number } {
  const degree = new Float64Array(graph.size);
  let total = 0;
  for (let i = 0; i < graph.size; i++) {
    let d = graph.self[i]!;
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) d += graph.weight[p]!;
    degree[i] = d;
    total += d;
  }
  return { degree, total };
}

/**
 * One level of local moving: each node in turn joins the neighbouring group
 * that raises modularity most, until a full sweep moves nothing. Nodes are
 * visited in index order and ties keep the current group, then the lower
 * group number, so the result is deterministic. A sweep costs the links.
 */
function localMoving(graph: SparseGraph): { groups: Int32Array; moved: boolean } {
  const n = graph.size;
  const { degree, total } = degrees(graph);
  const groups = Int32Array.from({ length: n }, (_, i) => i);
  if (total <= 0) return { groups, moved: false };
  const groupDegree = Float64Array.from(degree);
  const linkToGroup = new Float64Array(n);
  const touched = new Int32Array(n);
  const stamp = new Int32Array(n).fill(-1);
  let moved = false;
  let visit = 0;
  for (let sweep = 0; sweep < 100; sweep++) {
    let movedThisSweep = false;
    for (let i = 0; i < n; i++, visit++) {
      let touchedCount = 0;
      for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
        const g = groups[graph.neighbour[p]!]!;
        if (stamp[g] !== visit) {
          stamp[g] = visit;
          linkToGroup[g] = 0;
          touched[touchedCount++] = g;
        }
        linkToGroup[g] = linkToGroup[g]! + graph.weight[p]!;
      }
      const current = groups[i]!;
      groupDegree[current] = groupDegree[current]! - degree[i]!;
      const scale = degree[i]! / total;
      let best = current;
      let bestGain = (stamp[current] === visit ? linkToGroup[current]! : 0) - groupDegree[current]! * scale;
      for (let t = 0; t < touchedCount; t++) {
        const g = touched[t]!;
        const gain = linkToGroup[g]! - groupDegree[g]! * scale;
        if (g !== current && isBetter(gain, g, bestGain, best, current)) {
          best = g;
          bestGain = gain;
        }
      }
      groupDegree[best] = groupDegree[best]! + degree[i]!;
      if (best !== current) {
        groups[i] = best;
        movedThisSweep = true;
        moved = true;
      }
    }
    if (!movedThisSweep) break;
  }
  return { groups: renumber(groups), moved };
}

/** A strictly larger gain wins; on a tie the lower group number, but staying put beats both. */
function isBetter(gain: number, group: number, bestGain: number, best: number, current: number): boolean {
  if (gain > bestGain + 1e-12) return true;
  return Math.abs(gain - bestGain) <= 1e-12 && best !== current && group < best;
}

/** Group numbers 0..k-1 in order of first appearance. */
export function renumber(groups: ArrayLike<number>): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(groups as ArrayLike<number>, (g) => {
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = ids.size));
    return id;
  });
}

/**
 * Louvain: local moving, then collapsing groups into nodes, repeated until
 * nothing moves (or `levels` times). Returns a group number per item (0..k-1).
 */
export function louvain(input: SparseGraph | SimilarityMatrix, levels = Infinity): Int32Array {
  let level = asGraph(input);
  let membership = Int32Array.from({ length: level.size }, (_, i) => i);
  for (let depth = 0; depth < levels; depth++) {
    const { groups, moved } = localMoving(level);
    if (!moved) break;
    let count = 0;
    for (const g of groups) count = Math.max(count, g + 1);
    membership = Int32Array.from(membership, (node) => groups[node]!);
    if (count === level.size) break;
    level = collapse(level, groups, count);
  }
  return renumber(membership);
}
