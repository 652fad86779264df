/**
 * Numbers for terms, and per-story counts by number. Numbering every term of
 * an input once, as it is first met, lets the later steps count with typed
 * arrays instead of string-keyed maps, and keeps them deterministic.
 */

/** Term numbers for one input: first met, first numbered. */
export class TermIndex {
  readonly terms: string[] = [];
  private readonly ids = new Map<string, number>();

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  find(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** True for the terms that stand for a multi-word name ("bank of england"). */
  isName(term: number): boolean {
    return this.terms[term]!.includes(" ");
  }

  get size(): number {
    return this.terms.length;
  }
}

/** Term counts of one story: term numbers ascending, with their weighted counts. */
export interface TermCounts {
  ids: Int32Array;
  counts: Float64Array;
}

/** Counts by number for one story at a time, in an array reused from story to story. */
export class Accumulator {
  private counts = new Float64Array(1024);
  private readonly touched: number[] = [];

  add(id: number, weight: number): void {
    if (id >= this.counts.length) {
      const grown = new Float64Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[id] === 0) this.touched.push(id);
    this.counts[id] = this.counts[id]! + weight;
  }

  /** The counts added since the last call, numbers ascending; the accumulator starts clean again. */
  drain(): TermCounts {
    const ids = Int32Array.from(this.touched).sort();
    const counts = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      counts[k] = this.counts[ids[k]!]!;
      this.counts[ids[k]!] = 0;
    }
    this.touched.length = 0;
    return { ids, counts };
  }
}
