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
  const reported = firstReported(points.map((point) => point.unit), reports);
  const keyed = points.map((point, at) => ({ point, phase: PHASES.indexOf(phaseOf(point)), reported: reported[at]! }));
  keyed.sort(
    (a, b) =>
      a.phase - b.phase ||
      b.reported - a.reported ||
      b.point.unit.rank - a.point.unit.rank ||
      a.point.unit.id - b.point.unit.id,
  );
  return keyed.map(({ point }) => point.unit);
}

/** The blog's posts and how much each term weighs, for dating the points. */
export interface Reports {
  posts: readonly PostUnits[];
  /** Lines that report nothing settled: stale ones, and waiting ones ("due to land" does not report a landing). */
  unsettled(unit: Unit): boolean;
  /** 0 for background terms: "Putin" in every post dates nothing. */
  weight(term: string): number;
}

export function postReports(
  posts: readonly PostUnits[],
  stale: ReadonlySet<number>,
  hedge: ReadonlyMap<number, Hedge>,
  weight: (term: string) => number,
): Reports {
  return { posts, unsettled: (unit) => stale.has(unit.id) || hedge.get(unit.id) === "pending", weight };
}

/**
 * For each unit, the rank of the oldest news post that reports what it says
 * (carries most of its term weight); its own rank when none older does.
 * One pass over the blog, looking up only the points' own terms.
 */
function firstReported(units: readonly Unit[], { posts, unsettled, weight }: Reports): number[] {
  const reported = units.map((unit) => unit.rank);
  const totals = units.map((unit) => unit.terms.reduce((sum, term) => sum + weight(term), 0));
  const holders = new Map<string, number[]>();
  units.forEach((unit, at) => {
    for (const term of unit.terms) {
      if (weight(term) === 0) continue;
      const list = holders.get(term);
      if (list) list.push(at);
      else holders.set(term, [at]);
    }
  });
  const carried = units.map(() => new Set<string>());
  for (const post of posts) {
    if (post.role !== "news" && post.role !== "recap") continue;
    for (const set of carried) set.clear();
    for (const unit of post.units) {
      if (!unit.informative || unsettled(unit)) continue;
      for (const term of unit.terms) {
        const list = holders.get(term);
        if (list) for (const at of list) if (post.rank > units[at]!.rank) carried[at]!.add(term);
      }
    }
    units.forEach((unit, at) => {
      if (totals[at] === 0 || carried[at]!.size === 0 || post.rank <= reported[at]!) return;
      let share = 0;
      for (const term of carried[at]!) share += weight(term);
      if (share >= SAME_FACT * totals[at]!) reported[at] = post.rank;
    });
  }
  return reported;
}
