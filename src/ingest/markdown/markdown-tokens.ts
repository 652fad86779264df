import type { default as MarkdownItCallable, MarkdownIt, Token } from "markdown-it";
import { lazyLibrary } from "../../text/index.js";

const markdownIt = lazyLibrary<typeof MarkdownItCallable>("markdown-it");

/**
 * The markdown-it token stream of a story body. Its HTML renderer is never
 * used: the tokens are reduced to plain text (token-blocks.ts), so nothing an
 * author writes reaches the email as markup.
 *
 * `html: true` makes HTML blocks and inline tags tokens of their own, so they
 * can be turned into text and their tags dropped; with `html: false` they would
 * be ordinary text and show as markup.
 */
let parser: MarkdownIt | undefined;

function newParser(): MarkdownIt {
  const made = new (markdownIt())("default", { html: true, linkify: false, typographer: false });
  // Link addresses are never output (a link keeps only its text) and image
  // addresses are checked with httpUrl(), which accepts http(s) alone. Parsing
  // every address lets a `javascript:` image be reported rather than silently
  // read as text, and keeping it as written lets the report quote the author.
  made.validateLink = () => true;
  made.normalizeLink = (url) => url;
  return made;
}

/** Tokens of `body`; their `map` lines count from 0 at the body's first line. */
export function markdownTokens(body: string): Token[] {
  parser ??= newParser();
  return parser.parse(body, {});
}
