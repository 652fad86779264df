/**
 * Lays out the plain-text part: lines wrapped at 78 columns (RFC 5322's advice for
 * text a person reads), list items wrapped with a hanging indent, at most one blank
 * line in a row. Words longer than the width (urls, mostly) stay whole on a line
 * of their own: a broken url is worse than a long line.
 */

export const TEXT_WIDTH = 78;

/** Leading indentation plus an optional list marker: "  - ", "* ", "• ", "3. ". */
const LIST_PREFIX = /^(\s*)((?:[-*•]|\d{1,3}[.)])\s+)?/;

export function wrapText(text: string, width = TEXT_WIDTH): string {
  const out: string[] = [];
  let blank = true; // no blank lines at the top
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (line === "") {
      if (!blank) out.push("");
      blank = true;
      continue;
    }
    blank = false;
    out.push(...wrapLine(line, width));
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n") + "\n";
}

function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const prefix = LIST_PREFIX.exec(line)![0];
  const hanging = " ".repeat(Math.min(prefix.length, Math.floor(width / 3)));
  const words = line.slice(prefix.length).split(/ +/).filter((w) => w !== "");
  const lines: string[] = [];
  let current = prefix;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = hanging;
      empty = true;
    }
    current += (empty ? "" : " ") + word;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(current);
  return lines;
}
