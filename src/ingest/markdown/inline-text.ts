import type { Token } from "markdown-it";

/**
 * Inline Markdown reduced to the words a reader sees. markdown-it has already
 * decoded entities and backslash escapes, so the text is final: the renderer
 * escapes it once on output. Links keep their text, emphasis and code lose
 * their markers, inline images go, and inline HTML loses its tags.
 */

/** A run of lines of a paragraph: words, or an image standing alone on its line. */
export type InlinePart =
  | { kind: "text"; text: string; lineOffset: number }
  | { kind: "image"; url: string; alt: string; title?: string; lineOffset: number };

/** Tags whose content is code or styling, not words; it goes with the tags. */
const CONTENT_SKIPPED = new Set(["script", "style", "template", "noscript", "iframe", "svg", "object", "textarea"]);
const OPENING_TAG = /^<([a-z][a-z0-9-]*)/i;

/** The plain text of `children` (an inline token's), on one line. */
export function inlineText(children: Token[]): string {
  let text = "";
  for (const token of withoutSkippedContent(children)) {
    if (token.type === "text" || token.type === "text_special" || token.type === "code_inline") text += token.content;
    else if (token.type === "softbreak" || token.type === "hardbreak") text += " ";
    else if (token.type === "html_inline" && /^<br\b/i.test(token.content)) text += " ";
    // Other tokens are markup: emphasis and link markers, inline images, HTML tags.
  }
  return text.replace(/\s+/g, " ").trim();
}

/**
 * A paragraph's content split where an image stands alone on a line, as
 * `![alt](url "caption")` is written to place a picture between paragraphs.
 * The lines around it stay text; an image inside a sentence is dropped.
 */
export function paragraphParts(children: Token[]): InlinePart[] {
  const parts: InlinePart[] = [];
  let words: { lines: string[]; lineOffset: number } | undefined;
  const endWords = (): void => {
    if (words) parts.push({ kind: "text", text: words.lines.join(" "), lineOffset: words.lineOffset });
    words = undefined;
  };
  splitLines(withoutSkippedContent(children)).forEach((line, lineOffset) => {
    const image = standaloneImage(line);
    if (image) {
      endWords();
      const alt = inlineText(image.children ?? []);
      const title = String(image.attrGet("title") ?? "").replace(/\s+/g, " ").trim();
      const part: Extract<InlinePart, { kind: "image" }> = { kind: "image", url: String(image.attrGet("src") ?? ""), alt, lineOffset };
      if (title !== "") part.title = title;
      parts.push(part);
    } else {
      const text = inlineText(line);
      if (text === "") return;
      if (words) words.lines.push(text);
      else words = { lines: [text], lineOffset };
    }
  });
  endWords();
  return parts;
}

function splitLines(tokens: Token[]): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    if (token.type === "softbreak" || token.type === "hardbreak") lines.push([]);
    else lines[lines.length - 1]!.push(token);
  }
  return lines;
}

/** The image of a line holding nothing else (a link around it is allowed), if any. */
function standaloneImage(line: Token[]): Token | undefined {
  const shown = line.filter((token) => !(token.type === "text" && token.content.trim() === ""));
  const [first, second, third] = shown;
  if (shown.length === 1 && first?.type === "image") return first;
  if (shown.length === 3 && first?.type === "link_open" && second?.type === "image" && third?.type === "link_close") return second;
  return undefined;
}

/** `tokens` without the content of script, style and similar inline elements (to their end tag, or to the end). */
function withoutSkippedContent(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  let skipping: string | undefined;
  for (const token of tokens) {
    if (skipping !== undefined) {
      if (token.type === "html_inline" && token.content.toLowerCase().startsWith(`</${skipping}`)) skipping = undefined;
      continue;
    }
    const tag = token.type === "html_inline" ? OPENING_TAG.exec(token.content)?.[1]?.toLowerCase() : undefined;
    if (tag !== undefined && CONTENT_SKIPPED.has(tag) && !token.content.endsWith("/>")) skipping = tag;
    else kept.push(token);
  }
  return kept;
}
