import { isForwardLooking, type NewsElement } from "./cues.js";
import type { Hedge } from "./staleness.js";
import type { PostUnits, Unit } from "./units.js";

/**
 * The order key points are shown in: as a story is told, not as the picks
 * were made. First the settled facts, in the order they happened; then the
 * context (why, background); then how others reacted; then what comes next.
 *
 * When a fact happened is taken from when the blog first reported it: a
 * recap at the top of the page that says "the storm made landfall at 06:10"
 * tells of something reported hours earlier, and goes before what was
 * reported in between. A point's `post` stays the post its words come from.
 */

type Phase = "fact" | "context" | "reaction" | "outlook";
const PHASES: readonly Phase[] = ["fact", "context", "reaction", "outlook"];

/** Share of a point's term weight an older post must carry to have reported the same fact. */
const SAME_FACT = 0.6;

interface Placed {
  unit: Unit;
  element: NewsElement;
  hedge: Hedge;
}

function phaseOf({ unit, element, hedge }: Placed): Phase {
  if (element === "reaction") return "reaction";
  if (element === "outlook") return "outlook";
  if (element === "explanation" || element === "background") return "context";
  // "The road is expected to remain closed": a fact about the future. A
  // settled event that looks ahead ("have agreed that the gates will open")
  // is still a fact.
  if (element === "other" && (hedge !== "none" || isForwardLooking(unit.text))) return "outlook";
  return "fact";
}

/**
 * `reports` holds what each news post said (see postReports). Ranks count
 * from 0 for the newest post, so the oldest report has the highest rank.
 */
export function storyOrder(points: readonly Placed[], reports: Reports): Unit[] {
  const keyed = points.map((point) => ({
    point,
    phase: PHASES.indexOf(phaseOf(point)),
    reported: firstReported(point.unit, reports),
  }));
  keyed.sort(
    (a, b) =>
      a.phase - b.phase ||
      b.reported - a.reported ||
      b.point.unit.rank - a.point.unit.rank ||
      a.point.unit.id - b.point.unit.id,
  );
  return keyed.map(({ point }) => point.unit);
}

/** The terms each news post states as settled, oldest post first, and how much each term weighs. */
export interface Reports {
  posts: { rank: number; terms: ReadonlySet<string> }[];
  weight(term: string): number;
}

/**
 * What each news post reports: the terms of its informative lines that are
 * neither stale nor waiting ("due to land" does not report a landing).
 * `weight` should be 0 for background terms: "Putin" in every post dates nothing.
 */
export function postReports(
  posts: readonly PostUnits[],
  stale: ReadonlySet<number>,
  hedge: ReadonlyMap<number, Hedge>,
  weight: (term: string) => number,
): Reports {
  const reports: Reports["posts"] = [];
  for (const post of posts) {
    if (post.role !== "news" && post.role !== "recap") continue;
    const terms = new Set<string>();
    for (const unit of post.units) {
      if (!unit.informative || stale.has(unit.id) || hedge.get(unit.id) === "pending") continue;
      for (const term of unit.terms) terms.add(term);
    }
    reports.push({ rank: post.rank, terms });
  }
  reports.sort((a, b) => b.rank - a.rank);
  return { posts: reports, weight };
}

/**
 * Rank of the oldest post that reports what the unit says (carries most of
 * its term weight); the unit's own rank when none older does.
 */
function firstReported(unit: Unit, { posts, weight }: Reports): number {
  const weights = unit.terms.map(weight);
  const total = weights.reduce((sum, value) => sum + value, 0);
  if (total === 0) return unit.rank;
  for (const post of posts) {
    if (post.rank <= unit.rank) break; // oldest first: the rest are newer
    let carried = 0;
    unit.terms.forEach((term, at) => {
      if (post.terms.has(term)) carried += weights[at]!;
    });
    if (carried >= SAME_FACT * total) return post.rank;
  }
  return unit.rank;
}
