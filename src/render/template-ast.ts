/**
 * Two changes to a template's Handlebars syntax tree before it is compiled:
 *
 * 1. Line markers. MJML reports errors by line of the text it was given, which is
 *    Handlebars' output: partials and loops put every line somewhere else. So each
 *    line of literal template text gets an invisible marker naming its file and
 *    line; `stripLineMarkers` removes them before MJML sees the text and keeps a
 *    map from output lines back to template lines.
 *
 * 2. Strict names everywhere. Handlebars' strict mode rejects `{{story.nope}}` but
 *    quietly accepts `{{#if story.nope}}` (helper arguments are looked up
 *    leniently). Marking every path as strict makes a misspelt name an error
 *    wherever it is written, @data names included (@last outside a loop); an
 *    existing field whose value is null still works.
 *
 * Markers use C0 control characters that compose and render strip from all data,
 * so no story text can produce or fake one.
 */
// `hbs.AST` is the global namespace of the syntax-tree types that handlebars ships.
import type {} from "handlebars";

type Node = hbs.AST.Node;

const MARK_START = "\u0001";
const MARK_END = "\u0002";
const MARKER = /\u0001(\d+):(\d+)\u0002/g;

export interface PreparedTemplate {
  program: hbs.AST.Program;
  /** Every name path in the template with its position, for naming unknown variables. */
  paths: Array<{ original: string; line: number; column: number }>;
}

/** Where an output line came from. */
export interface SourceLine {
  file: string;
  line: number;
}

function marker(fileIndex: number, line: number): string {
  return `${MARK_START}${fileIndex}:${line}${MARK_END}`;
}

/**
 * Marks each line of literal text with (fileIndex, line) and makes every path
 * strict. `fileIndex` indexes the file list later given to `stripLineMarkers`.
 */
export function prepareTemplate(program: hbs.AST.Program, fileIndex: number, withMarkers: boolean): PreparedTemplate {
  const paths: PreparedTemplate["paths"] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== "object" || node === null || !("type" in node)) return;
    const typed = node as Node & Record<string, unknown>;
    if (typed.type === "ContentStatement" && withMarkers) {
      markContent(typed as unknown as hbs.AST.ContentStatement, fileIndex);
    } else if (typed.type === "PathExpression") {
      const path = typed as unknown as hbs.AST.PathExpression & { strict?: boolean };
      path.strict = true;
      paths.push({ original: path.original, line: path.loc.start.line, column: path.loc.start.column });
    }
    for (const [key, value] of Object.entries(typed)) {
      if (key !== "loc" && typeof value === "object" && value !== null) visit(value);
    }
  };
  visit(program);
  return { program, paths };
}

/** Adds a marker at the start of the text and after each of its newlines. */
function markContent(content: hbs.AST.ContentStatement, fileIndex: number): void {
  const value = content.value;
  if (value === "") return;
  // Typed as StripFlags by handlebars' declarations; at run time it is the text as written.
  const written = (content as unknown as { original: unknown }).original;
  const original = typeof written === "string" ? written : value;
  // Whitespace control may have trimmed `value` from `original`; find where it starts.
  const offset = Math.max(0, original.indexOf(value));
  let line = content.loc.start.line + countNewlines(original, 0, offset);
  let out = marker(fileIndex, line);
  let from = 0;
  for (let at = value.indexOf("\n"); at !== -1; at = value.indexOf("\n", at + 1)) {
    line += 1;
    out += value.slice(from, at + 1) + marker(fileIndex, line);
    from = at + 1;
  }
  content.value = out + value.slice(from);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Removes the markers and returns, for each line of the clean text, the template
 * file and line it came from. A line takes the first marker that precedes its
 * first visible character; lines made by data (a value holding a newline) count on
 * from the last marker.
 */
export function stripLineMarkers(marked: string, files: readonly string[]): { text: string; lines: SourceLine[] } {
  const lines: SourceLine[] = [];
  let current: SourceLine | undefined;
  let lineOpen = false; // the current output line has had a visible character
  let text = "";
  let from = 0;
  const consume = (chunk: string): void => {
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (ch === "\n") {
        if (!lineOpen) lines.push(current ?? { file: files[0] ?? "", line: 0 });
        lineOpen = false;
        if (current) current = { file: current.file, line: current.line + 1 };
      } else if (!lineOpen && ch !== " " && ch !== "\t" && ch !== "\r") {
        lines.push(current ?? { file: files[0] ?? "", line: 0 });
        lineOpen = true;
      }
    }
    text += chunk;
  };
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(marked); match !== null; match = MARKER.exec(marked)) {
    consume(marked.slice(from, match.index));
    if (!lineOpen) current = { file: files[Number(match[1])] ?? "", line: Number(match[2]) };
    from = match.index + match[0].length;
  }
  consume(marked.slice(from));
  if (!lineOpen) lines.push(current ?? { file: files[0] ?? "", line: 0 });
  return { text, lines };
}

/** Removes markers without keeping the map (for the plain-text part). */
export function removeLineMarkers(marked: string): string {
  return marked.replace(MARKER, "");
}
