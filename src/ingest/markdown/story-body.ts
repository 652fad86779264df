import type { Post, StoryImage } from "../../model.js";
import type { StoryBody } from "../fields/index.js";
import { httpUrl } from "../fields/index.js";
import { normalizeHeadline } from "../story-id.js";
import type { Block } from "./token-blocks.js";

/**
 * Turns Markdown blocks, whose text is already plain, into a story body.
 *
 * Article: every heading (but the title), paragraph, list item, quote and code
 * block is a paragraph; standalone images are the story's images, and their
 * titles (`![alt](url "caption")`) its captions.
 *
 * Live blog: the blocks before the first post heading are the story's
 * paragraphs; each heading of the top level used for posts (normally "##")
 * opens a post, newest first, written as
 *   ## 08:15 [Breaking] Vladimir Putin lands in North Korea
 * (time and [label] optional). In a post, a first paragraph "By NAME" is its
 * byline, list items are bullets, quotes are quotes, images are captions.
 */

export interface MarkdownBody extends StoryBody {
  /** The first "# " heading, offered as the title when the front matter has none. */
  heading?: string;
  /** Images left out because their address is not http(s), with their lines. */
  droppedImages: { url: string; line: number }[];
}

export function articleBody(blocks: Block[], title: string | undefined): MarkdownBody {
  const { heading, rest } = takeTitleHeading(blocks, title);
  const body: MarkdownBody = { paragraphs: [], captions: [], images: [], droppedImages: [] };
  if (heading !== undefined) body.heading = heading;
  for (const block of rest) addToStory(body, block);
  return body;
}

export function liveBlogBody(blocks: Block[], title: string | undefined): MarkdownBody {
  const { heading, rest } = takeTitleHeading(blocks, title);
  const body: MarkdownBody = { paragraphs: [], captions: [], images: [], posts: [], droppedImages: [] };
  if (heading !== undefined) body.heading = heading;
  const postLevel = Math.min(...rest.flatMap((b) => (b.type === "heading" ? [b.level] : [])));
  let post: Post | undefined;
  for (const block of rest) {
    if (block.type === "heading" && block.level === postLevel) {
      post = newPost(block.text, body.posts?.length ?? 0, block.line);
      body.posts?.push(post);
    } else if (post) addToPost(post, block);
    else addToStory(body, block);
  }
  return body;
}

/** A leading "# " heading is the title (when there is no other) or a repeat of it; either way it is not a paragraph. */
function takeTitleHeading(blocks: Block[], title: string | undefined): { heading?: string; rest: Block[] } {
  const first = blocks[0];
  if (first?.type !== "heading" || first.level !== 1) return { rest: blocks };
  const heading = first.text;
  if (title === undefined || normalizeHeadline(title) === normalizeHeadline(heading)) return { heading, rest: blocks.slice(1) };
  return { rest: blocks };
}

function addToStory(body: MarkdownBody, block: Block): void {
  if (block.type === "image") {
    const image = toImage(block);
    if (image) body.images.push(image);
    else body.droppedImages.push({ url: block.url, line: block.line });
    if (block.title) body.captions.push(block.title);
    return;
  }
  if (block.text !== "") body.paragraphs.push(block.text);
}

const POST_HEADING = /^(?:(\d{1,2}[:.]\d{2})\s+)?(?:\[([^\]]+)\]\s*)?([\s\S]*)$/;

function newPost(headingText: string, index: number, line: number): Post {
  const [, time, label, title = ""] = POST_HEADING.exec(headingText) ?? [];
  const post: Post = { index, title: title.trim(), paragraphs: [], bullets: [], captions: [], quotes: [], line };
  if (time) post.time = time.replace(".", ":");
  if (label) post.label = label.trim();
  return post;
}

function addToPost(post: Post, block: Block): void {
  if (block.type === "image") {
    const caption = block.title ?? block.alt;
    if (caption !== "") post.captions.push(caption);
    return;
  }
  const text = block.text;
  if (text === "") return;
  const byline = /^By\s+(.{1,120})$/.exec(text);
  const isFirst = post.paragraphs.length + post.bullets.length + post.quotes.length + post.captions.length === 0;
  if (block.type === "paragraph" && byline && isFirst && post.byline === undefined) post.byline = byline[1];
  else if (block.type === "item") post.bullets.push(text);
  else if (block.type === "quote") post.quotes.push(text);
  else post.paragraphs.push(text);
}

function toImage(block: Extract<Block, { type: "image" }>): StoryImage | undefined {
  const url = httpUrl(block.url);
  if (url === undefined) return undefined;
  const image: StoryImage = { url, alt: block.alt };
  if (block.title) image.caption = block.title;
  return image;
}
