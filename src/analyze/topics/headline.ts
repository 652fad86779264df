/**
 * A topic's name, as a reader sees it on a news site: one of its own
 * headlines, the one that best says what the stories share. A headline
 * scores for each of the topic's shared names and key terms it mentions
 * (the names count more), and, among equals, for being the most central
 * story of the topic (its summed likeness to the others: the medoid). The
 * chosen headline is trimmed of what is not the news: a "Live:" label, an
 * outlet's suffix, a explainer tail after a colon, words past MAX_WORDS.
 */
import type { Story } from "../../model.js";
import { headlineKey } from "./duplicates.js";

/** Words kept at most; a longer headline is cut at a word boundary. */
const MAX_WORDS = 12;
/** A tail after a colon is dropped when what is before it has at least this many words. */
const MIN_WORDS_BEFORE_COLON = 3;
/** Words a cut headline must not end on. */
const DANGLING = new Set(["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "as", "with", "by", "from", "after", "over", "into", "amid", "its", "their", "his", "her"]);
/** Labels outlets put before a headline. */
const KICKER = /^(live( updates)?|watch|listen|analysis|opinion|explainer|breaking|update|exclusive|video|in pictures)\s*[:|–—-]\s*/i;

export interface HeadlineEvidence {
  /** The topic's shared names, best first (display spelling). */
  names: ReadonlyArray<string>;
  /** The topic's key terms, best first. */
  terms: ReadonlyArray<string>;
  /** Per member, its summed likeness to the other members. */
  centrality: ReadonlyArray<number>;
}

/** The best headline among `members` (stories in the topic), trimmed. */
export function headlineLabel(members: ReadonlyArray<Story>, evidence: HeadlineEvidence): string {
  const names = evidence.names.slice(0, 3).map((n) => headlineKey(n));
  const terms = evidence.terms.slice(0, 4).map((t) => headlineKey(t));
  const maxCentrality = Math.max(1e-9, ...evidence.centrality);
  let best = -1;
  let bestScore = -Infinity;
  members.forEach((story, k) => {
    const text = ` ${headlineKey(trimHeadline(story.headline))} `;
    const mentions = (list: string[], weight: number): number =>
      list.reduce((sum, key, rank) => sum + (key !== "" && text.includes(` ${key}`) ? weight / (1 + rank * 0.25) : 0), 0);
    const score = mentions(names, 2) + mentions(terms, 1) + evidence.centrality[k]! / maxCentrality;
    if (score > bestScore + 1e-12) {
      best = k;
      bestScore = score;
    }
  });
  return best < 0 ? "" : trimHeadline(members[best]!.headline);
}

/** A headline without kicker, outlet suffix, explainer tail or excess words. */
export function trimHeadline(headline: string): string {
  let text = headline.replace(/\s+/g, " ").trim().replace(KICKER, "");
  // "... | Outlet": an outlet's name after a bar.
  text = text.replace(/\s+\|\s+[^|]{1,40}$/, "");
  const colon = text.indexOf(": ");
  if (colon > 0 && text.slice(0, colon).split(" ").length >= MIN_WORDS_BEFORE_COLON) text = text.slice(0, colon);
  let words = text.split(" ");
  if (words.length > MAX_WORDS) {
    words = words.slice(0, MAX_WORDS);
    while (words.length > 3 && DANGLING.has(words[words.length - 1]!.toLowerCase().replace(/[^\p{L}]/gu, ""))) words.pop();
  }
  return words.join(" ").replace(/[\s,;:–—-]+$/, "");
}
