import { hasAttribution, hasBlogVoice, hasNewsCue, isHistorical, startsAnaphoric } from "./cues.js";
import type { Staleness } from "./staleness.js";
import type { BlogStats } from "./stats.js";
import type { Unit } from "./units.js";

/**
 * How good a unit is as a key point, apart from what it covers: a product of
 * small factors, each a reason a reader would prefer or skip the sentence.
 * Coverage (what is new in it) is measured during selection.
 */
export function quality(unit: Unit, stats: BlogStats, staleness: Staleness): number {
  let factor = stats.recency(unit.rank);
  const hedge = staleness.hedge.get(unit.id) ?? "none";
  if (hedge === "pending") factor *= 0.5; // only fresh ones survive to here; still weak news
  else if (hedge === "speculative") factor *= 0.9;
  if (staleness.overtakenPosts.has(unit.post)) factor *= 0.6;
  else if (staleness.datedPosts.has(unit.post)) factor *= 0.8; // written while waiting for what has since happened
  if (unit.recap) factor *= unit.post === staleness.freshRecap ? 1.8 : 0.8;
  if (unit.lede) factor *= 1.1;
  const opening = unit.kind === "pair" && unit.parts ? unit.parts[0].text : unit.text;
  if (startsAnaphoric(opening)) factor *= 0.6;
  if (hasBlogVoice(unit.text)) factor *= 0.7;
  if (isHistorical(unit.text, stats.currentYear)) factor *= 0.5;
  if (hasAttribution(unit.text)) factor *= 1.1;
  if (hasNewsCue(unit.text)) factor *= 1.1;
  if (/^["“‘]/.test(unit.text)) factor *= 0.85; // a quotation first, its speaker last
  if (unit.wordCount < 8 && unit.kind !== "title") factor *= 0.8; // titles are short by nature
  return factor;
}
