/**
 * The condenser's knobs in one place. The defaults were chosen by sweeping
 * them over every live blog in the repository (bench/summary.ts) and taking
 * values in the middle of the range that works, not at its edge. They are
 * exposed (CondenseOptions.tuning) for experiments, not for everyday use.
 */
export interface Tuning {
  /** Recency weight of the oldest post, relative to 1 for the newest. */
  recencyFloor: number;
  /** Recency falls by 1/e over this share of the blog's posts. */
  recencyHalfLife: number;
  /** Share of relevance that comes from support (repetition across posts); the rest from salience. */
  supportWeight: number;
  /** After the minimum, stop when a point adds less than this share of what the last required point added. */
  gainCutoff: number;
  /** A missing aspect is filled only by a candidate at least this share as relevant as the weakest pick. */
  aspectFloor: number;
  /** Gain factor for the first point that tells an aspect (event, reaction, explanation, who, outlook). */
  aspectBonus: number;
}

export const DEFAULT_TUNING: Readonly<Tuning> = {
  recencyFloor: 0.4,
  recencyHalfLife: 0.25,
  supportWeight: 0.45,
  gainCutoff: 0.5,
  aspectFloor: 0.25,
  aspectBonus: 1.25,
};
