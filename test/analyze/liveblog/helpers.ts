import type { KeyPoint, Post, Story } from "../../../src/model.js";
import { contentWords, wordCount } from "../../../src/text/index.js";

/** A post as the plain-text reader would make it; `index` 0 is the newest. */
export function post(
  index: number,
  title: string,
  paragraphs: string[],
  extra: Partial<Pick<Post, "bullets" | "captions" | "quotes" | "label" | "byline">> = {},
): Post {
  return { index, title, paragraphs, bullets: [], captions: [], quotes: [], ...extra };
}

/** A live blog from posts given newest first. */
export function liveBlog(posts: Post[], extra: Partial<Story> = {}): Story {
  return {
    id: "test-blog",
    kind: "liveblog",
    source: { name: "Test News" },
    headline: "Test live blog",
    paragraphs: [],
    captions: [],
    posts,
    origin: { file: "test.txt" },
    ...extra,
  };
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * The key point is taken from its post: its text (less a final full stop the
 * condenser may add, and less a leading connective it may cut) occurs in the
 * post's title, paragraphs or bullets.
 */
export function isExtractedFrom(point: KeyPoint, posts: readonly Post[]): boolean {
  const source = posts.find((candidate) => candidate.index === point.post);
  if (source === undefined) return false;
  const haystack = normalize([source.title, ...source.paragraphs, ...source.bullets].join(" \n "));
  const needle = normalize(point.text).replace(/\.$/, "");
  if (needle.length === 0) return false;
  return haystack.includes(needle) || withPronounBack(needle).some((original) => haystack.includes(original));
}

/**
 * A point whose opening pronoun was resolved ("lyse doucet says ..." for
 * "she says ...", "tom rees's family" for "his family") in the forms the post
 * may have printed it: the name (one to five words) put back as a pronoun.
 */
function withPronounBack(needle: string): string[] {
  const words = needle.split(" ");
  const forms: string[] = [];
  for (let length = 1; length <= Math.min(5, words.length - 1); length++) {
    const rest = words.slice(length).join(" ");
    const last = words[length - 1]!;
    const pronouns = /['’]s?$/.test(last) ? ["his", "her", "its", "their"] : ["he", "she", "it", "they"];
    for (const pronoun of pronouns) forms.push(`${pronoun} ${rest}`);
  }
  return forms;
}

/**
 * Openings a reader cannot follow without the sentence before: a personal or
 * demonstrative pronoun, or the newsroom's "we". A dummy "it" ("It's been 24
 * years since ...", "It is not clear ...") and a demonstrative before a noun
 * or a time ("This week ...", "These talks ...") point at nothing before.
 */
export function opensWithDanglingPronoun(text: string): boolean {
  const opening = text.replace(/^["“‘(]+/, "").toLowerCase();
  if (/^(?:he|she|his|her|him|they|their|them|its|we|our|us)\b/.test(opening)) return true;
  if (/^it\b/.test(opening)) return !/^it(?:'s|’s| is| was| has been| will be)\s+(?:been|not|still|now|also|unclear|clear|likely|unlikely|expected|understood|thought|believed|reported|\d|\w+ (?:years?|months?|weeks?|days?|hours?))\b/.test(opening);
  return /^(?:this|that|these|those)\s+(?:is|was|are|were|has|have|had|will|would|means?|meant|shows?|showed|comes?|came|follows?|followed|suggests?)\b/.test(opening);
}

/** Share of the smaller key point's content words that the other one also has. */
export function sharedContentShare(a: string, b: string): number {
  const x = new Set(contentWords(a));
  const y = new Set(contentWords(b));
  const [smaller, larger] = x.size <= y.size ? [x, y] : [y, x];
  if (smaller.size === 0) return 0;
  return [...smaller].filter((word) => larger.has(word)).length / smaller.size;
}

/** Every rule of the contract that does not depend on the blog's content. */
export function contractProblems(points: readonly KeyPoint[], posts: readonly Post[]): string[] {
  const problems: string[] = [];
  points.forEach((point, at) => {
    if (wordCount(point.text) > 40) problems.push(`point ${at + 1} has ${wordCount(point.text)} words`);
    if (!isExtractedFrom(point, posts)) problems.push(`point ${at + 1} is not found in post ${point.post}: ${point.text}`);
  });
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const share = sharedContentShare(points[i]!.text, points[j]!.text);
      if (share > 0.5) problems.push(`points ${i + 1} and ${j + 1} share ${Math.round(share * 100)}% of their content words`);
    }
  }
  return problems;
}
