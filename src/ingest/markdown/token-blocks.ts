import { htmlToParagraphs } from "../html-paragraphs.js";
import { inlineText, paragraphParts } from "./inline-text.js";
import { markdownTokens } from "./markdown-tokens.js";
import { tableRows } from "./table-rows.js";

/**
 * The blocks of a Markdown body as a news story uses them: headings,
 * paragraphs, list items, quotes, standalone images and code, their text
 * already plain (no markup, entities decoded) and each with its 1-based line.
 *
 * Containers decide what text is: anything inside a quotation is quoted,
 * whatever else holds it (a list in a quote is still the speaker's words);
 * otherwise anything inside a list item, at any depth and in any of the item's
 * paragraphs, is that item. Only top-level headings are headings, so a "##"
 * inside a quote cannot open a live-blog post. HTML blocks and table rows are
 * text like any paragraph; code keeps its lines.
 */

export type Block =
  | { type: "heading"; level: number; text: string; line: number }
  | { type: "paragraph" | "item" | "quote" | "code"; text: string; line: number }
  | { type: "image"; url: string; alt: string; title?: string; line: number };

/** Blocks of `body`, whose first line is line `firstLine` of its file. */
export function markdownBlocks(body: string, firstLine: number): Block[] {
  const tokens = markdownTokens(body);
  const blocks: Block[] = [];
  let quoteDepth = 0;
  let itemDepth = 0;
  const addText = (text: string, line: number): void => {
    const type = quoteDepth > 0 ? "quote" : itemDepth > 0 ? "item" : "paragraph";
    if (text !== "") blocks.push({ type, text, line });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const line = firstLine + (token.map?.[0] ?? 0);
    switch (token.type) {
      case "blockquote_open":
        quoteDepth++;
        break;
      case "blockquote_close":
        quoteDepth--;
        break;
      case "list_item_open":
        itemDepth++;
        break;
      case "list_item_close":
        itemDepth--;
        break;
      case "heading_open": {
        const text = inlineText(tokens[i + 1]?.children ?? []);
        if (quoteDepth + itemDepth === 0) blocks.push({ type: "heading", level: Number(token.tag.slice(1)), text, line });
        else addText(text, line);
        break;
      }
      case "paragraph_open":
        for (const part of paragraphParts(tokens[i + 1]?.children ?? [])) {
          if (part.kind === "text") addText(part.text, line + part.lineOffset);
          else {
            const image: Block = { type: "image", url: part.url, alt: part.alt, line: line + part.lineOffset };
            if (part.title !== undefined) image.title = part.title;
            blocks.push(image);
          }
        }
        break;
      case "fence":
      case "code_block": {
        const code = token.content.trim();
        if (code !== "") blocks.push({ type: "code", text: code, line });
        break;
      }
      case "html_block":
        // Story text is untrusted: the HTML is read as HTML and only its text kept (a comment alone gives none).
        for (const paragraph of htmlToParagraphs(token.content, true)) addText(paragraph, line);
        break;
      case "table_open": {
        const table = tableRows(tokens, i);
        for (const row of table.rows) addText(row.text, firstLine + row.lineOffset);
        i = table.close;
        break;
      }
      // Lists, rules, reference definitions and closing tokens carry no text of their own.
    }
  }
  return blocks;
}
