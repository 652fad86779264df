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
  // Built straight into compressed rows with a position array: called for the
  // whole graph and for every section, where [neighbour, weight] pairs per
  // link were a good part of the garbage collector's work.
  const position = new Int32Array(graph.size).fill(-1);
  items.forEach((item, k) => (position[item] = k));
  const m = items.length;
  const start = new Int32Array(m + 1);
  for (let k = 0; k < m; k++) {
    const i = items[k]!;
    let count = 0;
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) if (position[graph.neighbour[p]!]! >= 0) count++;
    start[k + 1] = start[k]! + count;
  }
  const neighbour = new Int32Array(start[m]!);
  const weight = new Float64Array(start[m]!);
  const self = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = items[k]!;
    self[k] = graph.self[i]!;
    let out = start[k]!;
    let ascending = true;
    for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
      const j = position[graph.neighbour[p]!]!;
      if (j < 0) continue;
      if (out > start[k]! && j < neighbour[out - 1]!) ascending = false;
      neighbour[out] = j;
      weight[out++] = graph.weight[p]!;
    }
    // Items in ascending order keep each row ascending; any other order needs the row sorted.
    if (!ascending) sortRow(neighbour, weight, start[k]!, out);
  }
  return { size: m, start, neighbour, weight, self };
}

/**
 * Sorts the links from..to-1 by neighbour, equal neighbours in their order.
 * One key per link, neighbour and position together, sorted as plain numbers:
 * far cheaper than a comparison function over an index array.
 */
export function sortRow(neighbour: Int32Array, weight: Float64Array, from: number, to: number): void {
  const length = to - from;
  const keys = new Float64Array(length);
  for (let c = 0; c < length; c++) keys[c] = neighbour[from + c]! * length + c;
  keys.sort();
  const weights = weight.slice(from, to);
  for (let c = 0; c < length; c++) {
    const at = keys[c]! % length;
    neighbour[from + c] = (keys[c]! - at) / length;
    weight[from + c] = weights[at]!;
  }
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
  // Group by group, each summed into a dense scratch row with a list of the
  // groups it touched (typed arrays, not a Map per group: this runs at every
  // level of every community search).
  const nodeStart = new Int32Array(count + 1);
  for (let i = 0; i < graph.size; i++) nodeStart[groups[i]! + 1]!++;
  for (let g = 0; g < count; g++) nodeStart[g + 1] = nodeStart[g + 1]! + nodeStart[g]!;
  const fill = nodeStart.slice(0, count);
  const nodes = new Int32Array(graph.size);
  for (let i = 0; i < graph.size; i++) nodes[fill[groups[i]!]!++] = i;
  const self = new Float64Array(count);
  const scratch = new Float64Array(count);
  const seen = new Uint8Array(count);
  const touched = new Int32Array(count);
  const start = new Int32Array(count + 1);
  const neighbour = new Int32Array(graph.neighbour.length);
  const weight = new Float64Array(graph.neighbour.length);
  let out = 0;
  for (let gi = 0; gi < count; gi++) {
    let touchedCount = 0;
    for (let n = nodeStart[gi]!; n < nodeStart[gi + 1]!; n++) {
      const i = nodes[n]!;
      self[gi] = self[gi]! + graph.self[i]!;
      for (let p = graph.start[i]!; p < graph.start[i + 1]!; p++) {
        const gj = groups[graph.neighbour[p]!]!;
        const w = graph.weight[p]!;
        // A link inside the group is met from both ends; counted once per end, as in a symmetric matrix.
        if (gj === gi) self[gi] = self[gi]! + w;
        else {
          if (!seen[gj]) {
            seen[gj] = 1;
            touched[touchedCount++] = gj;
          }
          scratch[gj] = scratch[gj]! + w;
        }
      }
    }
    const row = touched.subarray(0, touchedCount).sort();
    for (let c = 0; c < touchedCount; c++) {
      const gj = row[c]!;
      neighbour[out] = gj;
      weight[out++] = scratch[gj]!;
      scratch[gj] = 0;
      seen[gj] = 0;
    }
    start[gi + 1] = out;
  }
  return { size: count, start, neighbour: neighbour.slice(0, out), weight: weight.slice(0, out), self };
}
