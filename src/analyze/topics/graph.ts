/**
 * A weighted, undirected graph stored as neighbour lists (compressed rows):
 * what the community step works on. Memory grows with the links kept (about
 * n x k for a top-k neighbour graph), not with n x n.
 *
 * A collapsed group keeps the links among its members as a self link
 * (`self`), which counts towards its degree, as modularity needs.
 */

/** A square similarity matrix, row-major; the diagonal is ignored. Small inputs and tests. */
export interface SimilarityMatrix {
  size: number;
  values: Float32Array | Float64Array;
}

export interface SparseGraph {
  size: number;
  /** Node i's links are at positions start[i] .. start[i + 1] - 1, neighbours ascending. */
  start: Int32Array;
  neighbour: Int32Array;
  weight: Float64Array;
  /** Per node, the weight of its link to itself (0 for a story; a group's inside links once collapsed). */
  self: Float64Array;
}

/** The non-zero links of a dense matrix, its diagonal left out. */
export function graphFromMatrix(matrix: SimilarityMatrix): SparseGraph {
  const n = matrix.size;
  const rows: Array<Array<[number, number]>> = [];
  for (let i = 0; i < n; i++) {
    const row: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      const w = matrix.values[i * n + j]!;
      if (j !== i && w !== 0) row.push([j, w]);
    }
    rows.push(row);
  }
  return fromRows(rows, new Float64Array(n));
}

/** A graph from per-node lists of [neighbour, weight] (each link listed from both ends). */
export function fromRows(rows: ReadonlyArray<ReadonlyArray<readonly [number, number]>>, self: Float64Array): SparseGraph {
  const n = rows.length;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + rows[i]!.length;
  const neighbour = new Int32Array(start[n]!);
  const weight = new Float64Array(start[n]!);
  for (let i = 0; i < n; i++) {
    const row = [...rows[i]!].sort((a, b) => a[0] - b[0]);
    row.forEach(([j, w], k) => {
      neighbour[start[i]! + k] = j;
      weight[start[i]! + k] = w;
    });
  }
  return { size: n, start, neighbour, weight, self };
}

/** Accepts either shape; dense matrices are converted once. */
export function asGraph(input: SparseGraph | SimilarityMatrix): SparseGraph {
  return "start" in input ? input : graphFromMatrix(input);
}

/** The links among `items` only, renumbered 0..m-1 in the order given. */
export function subgraph(graph: SparseGraph, items: ReadonlyArray<number>): SparseGraph {
  const position = new Map<number, number>();
  items.forEach((item, k) => position.set(item, k));
  const rows = items.map((i) => {
    const row: Array<[number, number]> = [];
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
      const k = position.get(graph.neighbour[p]!);
      if (k !== undefined) row.push([k, graph.weight[p]!]);
    }
    return row;
  });
  return fromRows(rows, Float64Array.from(items, (i) => graph.self[i]!));
}

/** The weight of the link between i and j (0 when there is none): a binary search of i's neighbours. */
export function linkWeight(graph: SparseGraph, i: number, j: number): number {
  if (i === j) return graph.self[i]!;
  let lo = graph.start[i]!;
  let hi = graph.start[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = graph.neighbour[mid]!;
    if (v === j) return graph.weight[mid]!;
    if (v < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Collapses each group (numbered 0..count-1) into one node: links summed, inside links as self links. */
export function collapse(graph: SparseGraph, groups: Int32Array, count: number): SparseGraph {
  const self = new Float64Array(count);
  const rows: Array<Map<number, number>> = Array.from({ length: count }, () => new Map());
  for (let i = 0; i < graph.size; i++) {
    const gi = groups[i]!;
    self[gi] = self[gi]! + graph.self[i]!;
    const row = rows[gi]!;
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
      const gj = groups[graph.neighbour[p]!]!;
      const w = graph.weight[p]!;
      // A link inside the group is met from both ends; counted once per end, as in a symmetric matrix.
      if (gj === gi) self[gi] = self[gi]! + w;
      else row.set(gj, (row.get(gj) ?? 0) + w);
    }
  }
  return fromRows(rows.map((row) => [...row]), self);
}
