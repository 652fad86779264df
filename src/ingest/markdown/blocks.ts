/**
 * The block structure of a Markdown body, as much of it as a news story uses:
 * headings, paragraphs, list items, quotes, standalone images and code. Inline
 * syntax is left for plainInline(); every block keeps its 1-based line.
 */

export type Block =
  | { type: "heading"; level: number; text: string; line: number }
  | { type: "paragraph" | "item" | "quote" | "code"; text: string; line: number }
  | { type: "image"; url: string; alt: string; title?: string; line: number };

type OpenType = "paragraph" | "item" | "quote";

const ATX_HEADING = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const THEMATIC_BREAK = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^(=+|-+)[ \t]*$/;
const FENCE = /^(`{3,}|~{3,})/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
const QUOTE = /^>[ \t]?(.*)$/;
const IMAGE_LINE = /^!\[([^\]]*)\]\(\s*<?((?:[^\s<>()]|\([^\s()]*\))+)>?(?:\s+["'(](.*?)["')])?\s*\)$/;
const REFERENCE_DEFINITION = /^\[[^\]]+\]:\s*\S+/;

/** Blocks of `body`, whose first line is line `firstLine` of its file. */
export function markdownBlocks(body: string, firstLine: number): Block[] {
  const blocks: Block[] = [];
  let open: { type: OpenType; lines: string[]; line: number } | undefined;
  let fence: { marker: string; lines: string[]; line: number } | undefined;
  let inComment = false;

  const flush = (): void => {
    if (open) blocks.push({ type: open.type, text: open.lines.join("\n"), line: open.line });
    open = undefined;
  };
  const start = (type: OpenType, text: string, line: number): void => {
    flush();
    open = { type, lines: [text], line };
  };

  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = firstLine + i;
    const trimmed = raw.trim();

    if (fence) {
      if (trimmed.startsWith(fence.marker) && trimmed.replace(/[`~]/g, "") === "") {
        blocks.push({ type: "code", text: fence.lines.join("\n"), line: fence.line });
        fence = undefined;
      } else fence.lines.push(raw);
      continue;
    }
    if (inComment) {
      if (trimmed.includes("-->")) inComment = false;
      continue;
    }
    if (trimmed === "") {
      flush();
      continue;
    }
    if (trimmed.startsWith("<!--")) {
      // A comment standing alone is an editor's note, not story text.
      if (!trimmed.includes("-->")) inComment = true;
      continue;
    }
    const fenceMatch = FENCE.exec(trimmed);
    if (fenceMatch) {
      flush();
      fence = { marker: fenceMatch[1] ?? "```", lines: [], line };
      continue;
    }
    const heading = ATX_HEADING.exec(trimmed);
    if (heading) {
      flush();
      blocks.push({ type: "heading", level: heading[1]?.length ?? 1, text: heading[2] ?? "", line });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(trimmed);
    if (underline && open?.type === "paragraph") {
      // "Title\n=====" and "Title\n-----" are headings of level 1 and 2.
      blocks.push({ type: "heading", level: trimmed.startsWith("=") ? 1 : 2, text: open.lines.join(" "), line: open.line });
      open = undefined;
      continue;
    }
    if (THEMATIC_BREAK.test(trimmed)) {
      flush();
      continue;
    }
    const image = IMAGE_LINE.exec(trimmed);
    if (image) {
      flush();
      const block: Block = { type: "image", url: image[2] ?? "", alt: image[1] ?? "", line };
      if (image[3]) block.title = image[3];
      blocks.push(block);
      continue;
    }
    if (REFERENCE_DEFINITION.test(trimmed)) {
      flush();
      continue;
    }
    const item = LIST_ITEM.exec(trimmed);
    if (item) {
      start("item", item[1] ?? "", line);
      continue;
    }
    const quoted = QUOTE.exec(trimmed);
    if (quoted) {
      const text = (quoted[1] ?? "").replace(/^(?:>[ \t]?)+/, "");
      // A bare ">" separates two paragraphs of one quotation.
      if (text.trim() === "") flush();
      else if (open?.type === "quote") open.lines.push(text);
      else start("quote", text, line);
      continue;
    }
    if (open) open.lines.push(trimmed);
    else start("paragraph", trimmed, line);
  }
  flush();
  if (fence) blocks.push({ type: "code", text: fence.lines.join("\n"), line: fence.line });
  return blocks;
}
