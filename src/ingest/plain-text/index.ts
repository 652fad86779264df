/**
 * Reader for plain-text scrapes: an article (headline line, paragraphs) or a
 * live blog (BBC "Live Reporting" pages: numbered posts, newest first). Site
 * furniture is dropped first, then the text is told apart as article or live
 * blog and parsed into one Story.
 */
import type { Source, Story } from "../../model.js";
import type { ReadOutcome } from "../reader.js";
import { storyId } from "../story-id.js";
import { parseArticle } from "./article.js";
import { dropFurniture } from "./furniture.js";
import { headlineFrom, lede } from "./lede.js";
import { splitLines, type Line } from "./lines.js";
import { looksLikeLiveBlog, parseLiveBlog } from "./liveblog.js";
import { detectSource } from "./source.js";

/** Reads one plain-text file into a Story; never throws, reports what it cannot read. */
export function readPlainText(text: string, file: string): ReadOutcome {
  const lines = splitLines(text);
  const { content, writerByline } = dropFurniture(lines);
  if (content.length === 0) {
    return failure(file, "no story text: expected a headline line followed by paragraphs (only blank lines or site furniture found)");
  }
  const source = detectSource(lines);
  return looksLikeLiveBlog(content) ? readLiveBlog(content, source, file) : readArticle(content, source, file, writerByline);
}

function readArticle(content: readonly Line[], source: Source, file: string, writerByline: string | undefined): ReadOutcome {
  const parts = parseArticle(content);
  const firstParagraph = parts.paragraphs[0];
  // No headline line: the first sentence stands in for it (a caption, when that is all there is).
  const headlineSource = firstParagraph ?? parts.captions[0];
  const headline = parts.headline?.text ?? (headlineSource === undefined ? undefined : headlineFrom(headlineSource));
  if (headline === undefined || headline === "") {
    return failure(file, "no story text: expected a headline line followed by paragraphs", content[0]?.no);
  }
  const story: Story = {
    id: storyId(source.name, undefined, headline),
    kind: "article",
    source,
    headline,
    paragraphs: parts.paragraphs,
    captions: parts.captions,
    origin: { file, line: parts.headline?.line ?? content[0]!.no },
  };
  const byline = parts.byline ?? writerByline;
  if (byline !== undefined) story.byline = byline;
  if (parts.publishedAt !== undefined) story.publishedAt = parts.publishedAt;
  if (parts.updatedAt !== undefined) story.updatedAt = parts.updatedAt;
  const summary = lede(firstParagraph);
  if (summary !== undefined) story.summary = summary;
  return { stories: [story], errors: [] };
}

function readLiveBlog(content: readonly Line[], source: Source, file: string): ReadOutcome {
  const parts = parseLiveBlog(content);
  const newest = parts.posts[0];
  // Scrapes rarely print the blog's own headline; the newest post's title is what a reader sees first.
  // Outlets that print no title on some posts leave the newest titled post, the head's text, else the newest post's first paragraph.
  const headlineSource =
    parts.paragraphs[0] ??
    parts.captions[0] ??
    parts.posts.find((post) => post.paragraphs.length > 0)?.paragraphs[0] ??
    parts.posts.find((post) => post.captions.length > 0)?.captions[0];
  const titled = parts.posts.find((post) => post.title !== "")?.title;
  const headline = parts.headline?.text || newest?.title || titled || (headlineSource === undefined ? "" : headlineFrom(headlineSource));
  if (headline === "") {
    return failure(file, "live blog without posts: expected numbered posts (\"1. Title\") or \"Posted at 08:15\" lines after \"Live Reporting\"", content[0]?.no);
  }
  // The id must survive the blog growing: new posts arrive on top, so the oldest
  // post (or a printed headline) names the blog, not the newest post's title.
  const oldest = parts.posts[parts.posts.length - 1];
  const identity = parts.headline?.text || oldest?.title || headline;
  const story: Story = {
    id: storyId(source.name, undefined, `liveblog|${identity}`),
    kind: "liveblog",
    source,
    headline,
    paragraphs: parts.paragraphs,
    captions: parts.captions,
    posts: parts.posts,
    origin: { file, line: parts.headline?.line ?? content[0]!.no },
  };
  if (parts.byline !== undefined) story.byline = parts.byline;
  if (parts.timeZone !== undefined) story.timeZone = parts.timeZone;
  const summary = lede(parts.paragraphs[0] ?? parts.posts.find((post) => post.paragraphs.length > 0)?.paragraphs[0]);
  if (summary !== undefined) story.summary = summary;
  return { stories: [story], errors: [] };
}

function failure(file: string, message: string, line?: number): ReadOutcome {
  return { stories: [], errors: [line === undefined ? { file, message } : { file, line, message }] };
}
