/**
 * JSON text read for error messages: the value, and where each part of it is
 * written (1-based line and column), so a problem in a config, theme, story or
 * feed file names the exact place to fix.
 *
 * Strict JSON, as JSON.parse reads it: these are .json files, so a comment or a
 * trailing comma is a syntax error, not something to quietly skip. jsonc-parser
 * supplies the syntax tree and the first error's offset.
 */
import { LineIndex, type TextPosition } from "./line-index.js";
import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";

/** 1-based, as editors show them. Columns count UTF-16 code units, as JavaScript strings do. */
/** Keys and array indices from the top-level value down: ["stories", 2, "title"]. */
export type JsonPath = readonly (string | number)[];

export interface JsonSyntaxError extends TextPosition {
  /** What is wrong, in words: 'expected a comma', 'trailing comma before "}": JSON allows none'. */
  reason: string;
}

export type JsonReading = { ok: true; value: unknown; positions: JsonPositions } | { ok: false; error: JsonSyntaxError };

/** Parses JSON text (a leading byte-order mark is ignored); a syntax error comes back with its line and column. */
export function readJsonText(text: string): JsonReading {
  const source = text.replace(/^\uFEFF/, "");
  const lines = new LineIndex(source);
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch (error) {
    // jsonc-parser recurses per nesting level; text nested thousands deep (no real file is) overflows the stack.
    if (!(error instanceof RangeError)) throw error;
    return { ok: false, error: { ...lines.positionAt(0), reason: "nested too deeply to read" } };
  }
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const { offset, reason } = first === undefined ? { offset: 0, reason: "expected a value" } : describeError(source, first);
    return { ok: false, error: { ...lines.positionAt(offset), reason } };
  }
  // The value comes from JSON.parse, not from the tree: JSON.parse is what the rest of the
  // code expects (an own "__proto__" key stays a key), and the tree already vouched for the text.
  return { ok: true, value: JSON.parse(source), positions: new JsonPositions(root, lines) };
}

/** Where the parts of a parsed JSON text are written. */
export class JsonPositions {
  constructor(
    private readonly root: Node,
    private readonly lines: LineIndex,
  ) {}

  /** Whether the text has a value at `path`. */
  has(path: JsonPath): boolean {
    return this.find(path) !== undefined;
  }

  /**
   * Where the value at `path` is written: the start of its key when it is an
   * object member (where people look for a setting), otherwise the value's own start.
   */
  positionOf(path: JsonPath): TextPosition | undefined {
    const node = this.find(path);
    return node === undefined ? undefined : this.lines.positionAt(node.offset);
  }

  lineOf(path: JsonPath): number | undefined {
    return this.positionOf(path)?.line;
  }

  /** The value's node, or for an object member its property node (which starts at the key). */
  private find(path: JsonPath): Node | undefined {
    let node: Node | undefined = this.root;
    let found: Node | undefined = this.root;
    for (const segment of path) {
      if (node === undefined) return undefined;
      found = childAt(node, segment);
      node = found?.type === "property" ? found.children?.[1] : found;
    }
    return found;
  }
}

function childAt(node: Node, segment: string | number): Node | undefined {
  if (node.type === "array" && typeof segment === "number") return node.children?.[segment];
  if (node.type !== "object" || typeof segment !== "string") return undefined;
  // JSON.parse keeps the last of duplicate keys, so the last one is where the value read is written.
  return node.children?.findLast((property) => property.children?.[0]?.value === segment);
}


const LITERALS = ["true", "false", "null"];

/**
 * The first parse error in words, at the character to fix. jsonc-parser puts
 * errors inside a token (a string, a number, a word) at the token's start; the
 * offset is moved to the offending character, where JSON.parse would point.
 */
function describeError(text: string, error: ParseError): { offset: number; reason: string } {
  const { offset, length } = error;
  const token = text.slice(offset, offset + length);
  const end = offset + length;
  switch (printParseErrorCode(error.error)) {
    case "InvalidSymbol": {
      // "tru", "nul": a literal cut short or misspelt is wrong where it departs from the literal.
      const literal = LITERALS.map((word) => ({ word, same: commonPrefix(word, token) })).sort((a, b) => b.same - a.same)[0]!;
      if (literal.same > 0) return { offset: offset + literal.same, reason: `expected ${literal.word}` };
      return { offset, reason: `unexpected ${JSON.stringify(token.slice(0, 1))}: expected a "string", a number, true, false, null, an object or a list` };
    }
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return { offset: end, reason: `number ${JSON.stringify(token)} cut short: expected a digit` };
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment":
      return { offset, reason: "comments are not allowed in JSON" };
    case "UnexpectedEndOfString":
      return { offset: end, reason: "string not closed: expected a closing quote before the end of the line" };
    case "InvalidCharacter": {
      const at = token.search(/[\u0000-\u001f]/);
      return { offset: offset + Math.max(at, 0), reason: 'control character in a string: expected an escape such as "\\n" or "\\t"' };
    }
    case "InvalidEscapeCharacter":
    case "InvalidUnicode": {
      const at = badEscapeAt(token);
      const escape = token.slice(at, token[at + 1] === "u" ? at + 6 : at + 2);
      return { offset: offset + at, reason: `bad escape ${escape} in a string: expected \\n, \\t, \\", \\\\ or the like, or \\u and four hex digits` };
    }
    case "ColonExpected":
      return { offset, reason: `expected ":" after the key, found ${found(text, offset)}` };
    case "CommaExpected":
      return { offset, reason: `expected a comma, found ${found(text, offset)}` };
    case "CloseBraceExpected":
      return { offset, reason: `expected "}" to close the object, found ${found(text, offset)}` };
    case "CloseBracketExpected":
      return { offset, reason: `expected "]" to close the list, found ${found(text, offset)}` };
    case "EndOfFileExpected":
      return { offset, reason: `expected the end of the text after the value, found ${found(text, offset)}` };
    case "PropertyNameExpected":
    case "ValueExpected": {
      if (/^[}\]]/.test(text.slice(offset)) && /,\s*$/.test(text.slice(0, offset))) {
        return { offset, reason: `trailing comma before ${JSON.stringify(text[offset])}: JSON allows none` };
      }
      const what = printParseErrorCode(error.error) === "PropertyNameExpected" ? 'a "quoted" key' : "a value";
      return { offset, reason: `expected ${what}, found ${found(text, offset)}` };
    }
    default:
      return { offset, reason: "unexpected text" };
  }
}

function found(text: string, offset: number): string {
  return offset >= text.length ? "the end of the text" : JSON.stringify(text.slice(offset, offset + 1));
}

/** Index of the first escape in a string token that JSON does not have (0 if none is found). */
function badEscapeAt(token: string): number {
  for (let i = 0; i < token.length; i++) {
    if (token[i] !== "\\") continue;
    if (!/^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(token.slice(i + 1, i + 6))) return i;
    i++; // past the escaped character, so "\\" is not read as the start of another escape
  }
  return 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
