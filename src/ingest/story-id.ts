import { createHash } from "node:crypto";

/**
 * A story id stable across runs: the same story read again (from the same
 * source and url, or the same headline when there is no url) gets the same id,
 * so send logs and edition windows can recognise it.
 */
export function storyId(sourceName: string, url: string | undefined, headline: string): string {
  // An unknown source was once named "Unknown"; it is "" now, and keyed as before so ids do not change.
  const key = url ? `url:${url.trim()}` : `headline:${sourceName.trim().toLowerCase() || "unknown"}|${normalizeHeadline(headline)}`;
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** Headline compared up to case, punctuation and spacing. */
export function normalizeHeadline(headline: string): string {
  return headline
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
