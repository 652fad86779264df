/**
 * The line model every plain-text parser works on. Scrapes put one paragraph
 * per line and separate blocks with blank lines, so the parsers need three
 * things per line: its text, where it was (for Post.line and error messages)
 * and whether a blank line (a "gap") separates it from the line before, which
 * is how an image alt line is told from a paragraph that happens to precede a
 * caption. Blank lines themselves are not kept: they live on as `afterGap`.
 */
export interface Line {
  /** 1-based line number in the file. */
  no: number;
  /** The line with surrounding whitespace removed; never empty. */
  text: string;
  /** Leading whitespace width, used to tell post markers from nested lists. */
  indent: number;
  /** True when a blank (or dropped furniture) line separates it from the previous line kept. */
  afterGap: boolean;
}

/** The non-blank lines of a text, trimmed, with their line numbers and gaps. */
export function splitLines(text: string): Line[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines: Line[] = [];
  let start = 0;
  let no = 1;
  let gap = true;
  const length = source.length;
  for (let i = 0; i <= length; i++) {
    const code = i < length ? source.charCodeAt(i) : 10;
    if (code !== 10 && code !== 13) continue;
    const raw = source.slice(start, i);
    const trimmed = raw.trim();
    if (trimmed === "") {
      gap = true;
    } else {
      lines.push({ no, text: trimmed, indent: raw.length - raw.trimStart().length, afterGap: gap });
      gap = false;
    }
    no++;
    // "\r\n" is one line break, not two.
    if (code === 13 && i + 1 < length && source.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  return lines;
}
