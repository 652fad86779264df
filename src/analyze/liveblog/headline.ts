import type { Story } from "../../model.js";
import { isHistorical, isPending } from "./cues.js";
import type { Staleness } from "./staleness.js";
import { type BlogStats, density, isNewsPost } from "./stats.js";
import type { Similarity } from "./support.js";
import { cleanTitle, isStatementTitle, type PostUnits, type Unit } from "./units.js";

/**
 * The one-line summary (the email's preheader): the post title that best
 * says what the blog is about. Titles are the editors' own one-liners; they
 * are weighed like key points (how many posts repeat them, how salient their
 * words, how recent), and "Breaking" titles get a lift, since that is where
 * the editors marked the turn of the story.
 */
export function chooseHeadline(
  story: Story,
  posts: readonly PostUnits[],
  stats: BlogStats,
  staleness: Staleness,
  similarity: Similarity,
  keyPoints: readonly Unit[],
): string {
  const titles: { text: string; unit: Unit; breaking: boolean }[] = [];
  for (const post of posts) {
    if (!isNewsPost(post) || post.role === "recap") continue;
    const text = cleanTitle(post.post.title);
    if (!isStatementTitle(text) || isPending(text) || isHistorical(text, stats.currentYear)) continue;
    const unit = post.units.find((candidate) => candidate.kind === "title");
    if (unit === undefined || staleness.stale.has(unit.id)) continue;
    titles.push({ text, unit, breaking: /breaking/i.test(post.post.label ?? "") });
  }
  // Support is costly: weigh only the titles that lead on salience and recency.
  const shortlisted = titles
    .map((title) => ({ ...title, density: density(title.unit, stats) }))
    .sort((a, b) => b.density * stats.recency(b.unit.rank) - a.density * stats.recency(a.unit.rank) || a.unit.id - b.unit.id)
    .slice(0, HEADLINE_SHORTLIST);
  const scored = shortlisted.map((title) => ({ ...title, support: similarity.support(title.unit) }));
  const maxSupport = Math.max(1e-9, ...scored.map((title) => title.support));
  const maxDensity = Math.max(1e-9, ...scored.map((title) => title.density));
  let best: { text: string; score: number } | undefined;
  for (const title of scored) {
    const relevance = 0.5 * (title.support / maxSupport) + 0.5 * (title.density / maxDensity);
    const score = relevance * stats.recency(title.unit.rank) * (title.breaking ? BREAKING_LIFT : 1);
    if (best === undefined || score > best.score) best = { text: title.text, score };
  }
  if (best !== undefined) return best.text;
  const first = keyPoints[0];
  if (first !== undefined) return first.text;
  return fallbackHeadline(story);
}

const BREAKING_LIFT = 1.5;
const HEADLINE_SHORTLIST = 25;

/** For a blog with nothing to condense: what the story already says about itself. */
export function fallbackHeadline(story: Story): string {
  return (story.summary ?? story.headline).replace(/\s+/g, " ").trim();
}
