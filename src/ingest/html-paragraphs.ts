import { compile } from "html-to-text";

/**
 * Feed items carry their text as HTML. A story keeps only paragraphs of plain
 * text: markup, scripts, styles, embeds and images are dropped; headings, list
 * items and quotes each become a paragraph of their own; a line break inside a
 * paragraph becomes a space.
 */

const BLOCK = { leadingLineBreaks: 2, trailingLineBreaks: 2 };

const toText = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    ...["img", "script", "style", "iframe", "noscript", "object", "embed", "svg", "video", "audio", "form", "button", "template"].map((selector) => ({ selector, format: "skip" })),
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
  const text = isHtml || LOOKS_LIKE_HTML.test(content) ? toText(content) : content;
  return textToParagraphs(text);
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
