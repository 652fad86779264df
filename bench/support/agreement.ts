/**
 * How well a grouping agrees with reference labels: normalised mutual
 * information (arithmetic-mean normalisation, as scikit-learn reports it) and
 * the adjusted Rand index. Used by the benchmark against labelled corpora.
 */

type Label = string | number;

interface Contingency {
  n: number;
  rowTotals: number[];
  colTotals: number[];
  /** Non-empty cells as [row, col, count]. */
  cells: Array<[number, number, number]>;
}

function denseIds(labels: ReadonlyArray<Label>): number[] {
  const ids = new Map<Label, number>();
  return labels.map((label) => {
    let id = ids.get(label);
    if (id === undefined) ids.set(label, (id = ids.size));
    return id;
  });
}

function contingency(a: ReadonlyArray<Label>, b: ReadonlyArray<Label>): Contingency {
  if (a.length !== b.length) throw new Error(`label lists differ in length: ${a.length} and ${b.length}`);
  const rows = denseIds(a);
  const cols = denseIds(b);
  const rowTotals: number[] = [];
  const colTotals: number[] = [];
  const cellCounts = new Map<number, number>();
  const width = Math.max(0, ...cols) + 1;
  rows.forEach((r, i) => {
    const c = cols[i]!;
    rowTotals[r] = (rowTotals[r] ?? 0) + 1;
    colTotals[c] = (colTotals[c] ?? 0) + 1;
    cellCounts.set(r * width + c, (cellCounts.get(r * width + c) ?? 0) + 1);
  });
  const cells = [...cellCounts].map(([key, count]): [number, number, number] => [Math.floor(key / width), key % width, count]);
  return { n: a.length, rowTotals, colTotals, cells };
}

function entropy(totals: number[], n: number): number {
  return -totals.reduce((sum, c) => sum + (c / n) * Math.log(c / n), 0);
}

/** NMI in [0, 1]: 1 when the groupings are the same up to renaming. */
export function normalizedMutualInformation(a: ReadonlyArray<Label>, b: ReadonlyArray<Label>): number {
  const { n, rowTotals, colTotals, cells } = contingency(a, b);
  if (n === 0) return 1;
  let mutual = 0;
  for (const [r, c, count] of cells) mutual += (count / n) * Math.log((count * n) / (rowTotals[r]! * colTotals[c]!));
  const ha = entropy(rowTotals, n);
  const hb = entropy(colTotals, n);
  if (ha + hb === 0) return 1;
  return (2 * mutual) / (ha + hb);
}

const pairs = (x: number): number => (x * (x - 1)) / 2;

/** ARI: 1 for identical groupings, about 0 for chance agreement. */
export function adjustedRandIndex(a: ReadonlyArray<Label>, b: ReadonlyArray<Label>): number {
  const { n, rowTotals, colTotals, cells } = contingency(a, b);
  if (n < 2) return 1;
  const index = cells.reduce((sum, [, , count]) => sum + pairs(count), 0);
  const rowPairs = rowTotals.reduce((sum, c) => sum + pairs(c), 0);
  const colPairs = colTotals.reduce((sum, c) => sum + pairs(c), 0);
  const expected = (rowPairs * colPairs) / pairs(n);
  const max = (rowPairs + colPairs) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
