import { lazyLibrary } from "../../text/index.js";

const yaml = lazyLibrary<typeof import("yaml")>("yaml");

/**
 * YAML front matter: the block between a first line "---" and the next line
 * "---" (or "..."). Syntax errors carry the line of the file, not of the block.
 */

export type FrontMatter =
  | {
      ok: true;
      /** Parsed fields; empty when the file has no front matter. */
      fields: Record<string, unknown>;
      /** Line of a field's key in the file. */
      lineOf: (key: string) => number | undefined;
      body: string;
      /** Line of the file on which the body starts. */
      bodyLine: number;
    }
  | { ok: false; line: number; message: string };

const OPENING = /^---[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

export function readFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!OPENING.test(lines[0] ?? "")) return { ok: true, fields: {}, lineOf: () => undefined, body: lines.join("\n"), bodyLine: 1 };

  const closing = lines.findIndex((line, i) => i > 0 && CLOSING.test(line));
  if (closing === -1) return { ok: false, line: 1, message: "front matter opened here is never closed: expected a line \"---\" after the fields" };

  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  // Line 1 is the opening "---", so line k of the YAML is line k + 1 of the file.
  const toFileLine = (yamlLine: number): number => yamlLine + 1;
  const lineCounter = new LineCounter();
  const yamlLines = lines.slice(1, closing);
  const doc = parseDocument(yamlLines.join("\n"), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const body = lines.slice(closing + 1).join("\n");
  const bodyLine = closing + 2;

  const firstError = doc.errors[0];
  if (firstError) {
    // An error found at the very end (an unclosed quote) points at the last line of the fields, not past it.
    const yamlLine = Math.min(lineCounter.linePos(firstError.pos[0]).line, Math.max(1, yamlLines.length));
    const line = toFileLine(yamlLine);
    return { ok: false, line, message: `front matter is not valid YAML (${describeYamlError(firstError.message)}): expected "key: value" lines` };
  }
  if (doc.contents === null) return { ok: true, fields: {}, lineOf: () => undefined, body, bodyLine };
  if (!isMap(doc.contents)) return { ok: false, line: 2, message: "front matter is not a set of fields: expected \"key: value\" lines such as \"title: ...\"" };

  let fields: unknown;
  try {
    // Aliases are capped so a small file cannot expand into a huge object.
    fields = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { ok: false, line: 2, message: `front matter cannot be read (${describeYamlError(error instanceof Error ? error.message : String(error))})` };
  }

  const keyLines = new Map<string, number>();
  for (const pair of doc.contents.items) {
    const key = pair.key;
    if (isScalar(key) && key.range) keyLines.set(String(key.value), toFileLine(lineCounter.linePos(key.range[0]).line));
  }
  return { ok: true, fields: fields as Record<string, unknown>, lineOf: (key) => keyLines.get(key), body, bodyLine };
}

/** The yaml library's message without its own position suffix and code excerpt, on one line. */
function describeYamlError(message: string): string {
  const firstLine = message.split("\n")[0] ?? message;
  return firstLine.replace(/\s+at line \d+, column \d+:?\s*$/, "").replace(/[.:]\s*$/, "");
}
