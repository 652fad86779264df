/**
 * What the preview's checks panel shows about the copy a reader gets: its size
 * against Gmail's clipping limit, images without alt text, links that lead nowhere
 * (no href, or not an http(s) address), and what the edition holds. Pure. (The
 * spam score comes later, from a program: see ./spam.ts.)
 *
 * render/email-rules.ts already refuses an edition that breaks the hard rules; these
 * checks list the offending images and links one by one, look at the personalised
 * copy (placeholders filled) rather than the compiled one, and also catch an <a>
 * with no href at all, which the render rules let through.
 */
import type { Digest } from "../../model.js";
import { MAX_HTML_BYTES } from "../../render/index.js";
import { scanImagesAndLinks } from "./html-scan.js";

type CheckLevel = "ok" | "warn" | "fail";

interface LinkProblem {
  href: string | null;
  text: string;
  reason: string;
  level: Exclude<CheckLevel, "ok">;
}

interface ContentsSection {
  label: string;
  stories: number;
  keyPoints: number;
}

export interface PreviewChecks {
  size: { bytes: number; limit: number; level: CheckLevel };
  images: { total: number; withoutAlt: string[]; level: CheckLevel };
  links: { total: number; problems: LinkProblem[]; level: CheckLevel };
  /** listed: named under "More in"; heldBack: in neither the email nor its lists (size). */
  contents: { topics: number; stories: number; listed: number; heldBack: number; liveBlogs: number; keyPoints: number; sections: ContentsSection[] };
}

/** Above this share of the limit the size is flagged before it clips. */
const SIZE_WARNING_SHARE = 0.9;

function sizeLevel(bytes: number): CheckLevel {
  if (bytes > MAX_HTML_BYTES) return "fail";
  return bytes > MAX_HTML_BYTES * SIZE_WARNING_SHARE ? "warn" : "ok";
}

/**
 * Why a link is a problem, or null when it is a working http(s) (or mailto:) link, or
 * an in-page link to an id in `ids` (the email's own, when given).
 */
export function linkProblem(href: string | null, ids?: ReadonlySet<string>): { reason: string; level: "warn" | "fail" } | null {
  if (href === null) return { reason: "no href: the link goes nowhere", level: "fail" };
  const value = href.trim();
  if (value === "") return { reason: "empty href: the link goes nowhere", level: "fail" };
  if (value.startsWith("#")) {
    // "In this edition" jumps to sections: clients that ignore anchors simply stay put.
    if (ids?.has(value.slice(1))) return null;
    return { reason: ids ? "in-page link to an id the email does not have" : "in-page anchor: most mail clients ignore it", level: "warn" };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { reason: "relative link: it has no site once the email is sent", level: "fail" };
  // A mailbox is a working link in an email (the unsubscribe-by-mail address is one).
  if (scheme === "mailto") return null;
  if (scheme !== "http" && scheme !== "https") return { reason: `${scheme}: link, not http(s)`, level: "fail" };
  try {
    const url = new URL(value);
    if (!url.hostname) return { reason: "http(s) link without a host", level: "fail" };
  } catch {
    return { reason: "not a valid url", level: "fail" };
  }
  return null;
}

function worst(levels: CheckLevel[]): CheckLevel {
  if (levels.includes("fail")) return "fail";
  return levels.includes("warn") ? "warn" : "ok";
}

export function previewChecks(html: string, digest: Digest): PreviewChecks {
  const bytes = Buffer.byteLength(html, "utf8");
  const { images, links } = scanImagesAndLinks(html);
  const withoutAlt = images.filter((image) => (image.alt ?? "").trim() === "").map((image) => image.src ?? "(no src)");
  const problems: LinkProblem[] = [];
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  for (const link of links) {
    const problem = linkProblem(link.href, ids);
    if (problem) problems.push({ href: link.href, text: link.text, ...problem });
  }
  // One line per topic, as before sections (the page labels them "sections").
  const sections = digest.topics.map((topic) => ({
    label: topic.label,
    stories: topic.stories.length,
    keyPoints: topic.stories.reduce((sum, story) => sum + (story.liveBlog?.keyPoints.length ?? 0), 0),
  }));
  const stories = digest.topics.flatMap((topic) => topic.stories);
  return {
    size: { bytes, limit: MAX_HTML_BYTES, level: sizeLevel(bytes) },
    images: { total: images.length, withoutAlt, level: withoutAlt.length > 0 ? "fail" : "ok" },
    links: { total: links.length, problems, level: worst(problems.map((p) => p.level)) },
    contents: {
      topics: digest.topics.length,
      stories: stories.length,
      listed: (digest.sections ?? []).reduce((n, section) => n + section.more.length, 0),
      heldBack: (digest.heldBack ?? []).length,
      liveBlogs: stories.filter((story) => story.isLiveBlog).length,
      keyPoints: sections.reduce((sum, section) => sum + section.keyPoints, 0),
      sections,
    },
  };
}
