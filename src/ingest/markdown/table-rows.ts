import type { Token } from "markdown-it";
import { inlineText } from "./inline-text.js";

/**
 * A GFM table as paragraphs of text, one per body row.
 *
 * A story is a list of plain-text paragraphs: there are no columns to line
 * cells up under their headers, and a cell read on its own ("3") says nothing.
 * So each cell is written after its column's header ("Points: 3") and the
 * cells of a row are joined with " · ", giving one self-explaining line per
 * row: "Team: Rovers · Points: 3". Empty cells are left out. A table with no
 * body rows gives its header row, cells joined the same way.
 */

export interface TableRow {
  text: string;
  /** Line of the row, counted from 0 at the body's first line. */
  lineOffset: number;
}

/** Rows of the table opened at `tokens[open]`, and the index of its `table_close`. */
export function tableRows(tokens: Token[], open: number): { rows: TableRow[]; close: number } {
  const headers: string[] = [];
  const body: { cells: string[]; lineOffset: number }[] = [];
  let headerLine = 0;
  let inHead = false;
  let i = open + 1;
  for (; i < tokens.length && tokens[i]!.type !== "table_close"; i++) {
    const token = tokens[i]!;
    if (token.type === "thead_open") {
      inHead = true;
      headerLine = token.map?.[0] ?? 0;
    } else if (token.type === "thead_close") inHead = false;
    else if (token.type === "tr_open" && !inHead) body.push({ cells: [], lineOffset: token.map?.[0] ?? 0 });
    else if (token.type === "inline") {
      const text = inlineText(token.children ?? []);
      if (inHead) headers.push(text);
      else body[body.length - 1]?.cells.push(text);
    }
  }

  const rows: TableRow[] = body.map(({ cells, lineOffset }) => ({
    text: cells
      .map((cell, column) => (cell === "" ? "" : labelled(headers[column] ?? "", cell)))
      .filter((cell) => cell !== "")
      .join(" · "),
    lineOffset,
  }));
  if (rows.length === 0) rows.push({ text: headers.filter((header) => header !== "").join(" · "), lineOffset: headerLine });
  return { rows: rows.filter((row) => row.text !== ""), close: i };
}

function labelled(header: string, cell: string): string {
  return header === "" ? cell : `${header}: ${cell}`;
}
