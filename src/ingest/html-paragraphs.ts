import { lazyLibrary } from "../text/index.js";

const htmlToText = lazyLibrary<typeof import("html-to-text")>("html-to-text");

/**
 * Feed items carry their text as HTML. A story keeps only paragraphs of plain
 * text: markup, scripts, styles, embeds and images are dropped; headings, list
 * items and quotes each become a paragraph of their own; a line break inside a
 * paragraph becomes a space.
 */

const BLOCK = { leadingLineBreaks: 2, trailingLineBreaks: 2 };

/**
 * Story HTML is untrusted. html-to-text walks the tree recursively (thousands of
 * nested tags overflow the stack) and htmlparser2 slows quadratically with depth,
 * so HTML nested deeper than this is never parsed: it is flattened to text by a
 * linear scan instead. Real articles stay far below it.
 */
export const MAX_HTML_DEPTH = 200;
/** Characters of one item's HTML that are read; longer items are cut (no article is this long). */
export const MAX_HTML_CHARS = 2_000_000;

/** Elements whose content is not text a reader sees. */
const SKIPPED = ["img", "script", "style", "iframe", "noscript", "object", "embed", "svg", "video", "audio", "form", "button", "template"];

/** The converter, compiled on first use (see text/lazy-library.ts). */
let converter: ((html: string) => string) | undefined;
const toText = (html: string): string => (converter ??= newConverter())(html);

const newConverter = (): ((html: string) => string) => htmlToText().compile({
  wordwrap: false,
  decodeEntities: true,
  // A second guard behind the depth scan below: deeper nodes are dropped, not recursed into.
  limits: { maxDepth: MAX_HTML_DEPTH + 10, maxInputLength: MAX_HTML_CHARS },
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    ...SKIPPED.map((selector) => ({ selector, format: "skip" })),
    ...["h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre"].map((selector) => ({ selector, format: "block", options: BLOCK })),
    { selector: "ul", format: "block" },
    { selector: "ol", format: "block" },
    { selector: "table", format: "block", options: BLOCK },
    { selector: "tr", format: "block", options: BLOCK },
    // Cells of a row stay on one paragraph, separated by a line break (a space once joined).
    { selector: "td", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "th", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  ],
});

/** Something that looks like markup: a tag, a comment or a character reference. */
const LOOKS_LIKE_HTML = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--|&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

/**
 * Paragraphs of `content`. Known HTML (`isHtml`) is always read as HTML;
 * otherwise it is read as HTML when it shows markup, and as plain text (blank
 * lines between paragraphs) when it does not, since feeds use both.
 */
export function htmlToParagraphs(content: string, isHtml = false): string[] {
  if (!isHtml && !LOOKS_LIKE_HTML.test(content)) return textToParagraphs(content);
  const html = content.length > MAX_HTML_CHARS ? content.slice(0, MAX_HTML_CHARS) : content;
  if (nestingDepth(html) > MAX_HTML_DEPTH) return flattenedParagraphs(html);
  return textToParagraphs(toText(html));
}

/** Any tag (open, close or self-closing); `[^<>]*` keeps the scan linear on unclosed `<`. */
const TAG = /<(\/?)([a-z][a-z0-9:-]*)\b[^<>]*>?/gi;
/** Elements with no content, or whose end tag may be left out (the parser closes them itself). */
const NOT_NESTING = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option"]);
/** Elements after which the flattened text starts a new paragraph. */
const BLOCK_TAGS = new Set(["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption", "section", "article", "table", "ul", "ol"]);

/** How deeply the tags of `html` nest, counted in one linear pass without building a tree. */
export function nestingDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(TAG)) {
    const name = (match[2] as string).toLowerCase();
    if (NOT_NESTING.has(name) || match[0].endsWith("/>")) continue;
    if (match[1] === "/") depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}

/**
 * Paragraphs of HTML too deep to parse: tags are dropped (block tags end a
 * paragraph), content of skipped elements goes, and what is left, now free of
 * markup, goes through the normal converter so entities are decoded. Linear.
 */
function flattenedParagraphs(deep: string): string[] {
  const html = deep.replace(/<!--[\s\S]*?(?:-->|$)/g, " ");
  const lower = html.toLowerCase();
  const blocks: string[] = [];
  let current = "";
  let at = 0;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(html); match !== null; match = TAG.exec(html)) {
    current += html.slice(at, match.index);
    at = match.index + match[0].length;
    const name = (match[2] as string).toLowerCase();
    if (match[1] !== "/" && SKIPPED.includes(name) && !match[0].endsWith("/>") && name !== "img" && name !== "embed") {
      // Jump past the matching end tag (or drop the rest when there is none).
      const end = lower.indexOf(`</${name}`, at);
      at = end === -1 ? html.length : end;
      TAG.lastIndex = at;
      continue;
    }
    // Inline tags simply go: their text joins its neighbours, as a browser shows it.
    if (BLOCK_TAGS.has(name)) {
      blocks.push(current);
      current = "";
    }
  }
  blocks.push(current + html.slice(at));
  return blocks.flatMap((block) => (block.trim() === "" ? [] : textToParagraphs(toText(block.replace(/</g, "&lt;")))));
}

/** Paragraphs of plain text: blank lines separate them, other line breaks are spaces. */
export function textToParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t\r\f\v\u00a0]*\n/)
    .map((block) => block.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph !== "");
}

/** One line of text from an HTML fragment, for titles written as HTML. */
export function htmlToLine(content: string, isHtml = false): string {
  return htmlToParagraphs(content, isHtml).join(" ");
}
