/**
 * Splits a top-level JSON array into the source text of its elements, chunk by chunk,
 * so a 100,000-subscriber JSON file is read without ever holding it whole. Each element
 * is parsed on its own by the caller; a broken element costs that element only.
 * Structure outside the elements (no array at all, text after it) is an error.
 */

export interface JsonElement {
  /** Source text of one element, ready for JSON.parse. */
  text: string;
  /** 1-based line where the element starts. */
  line: number;
}

export class JsonStructureError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

type Where = "before" | "between" | "element" | "after";

/** Yields each element of the top-level array in `chunks` (text, in order). */
export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<JsonElement> {
  let where: Where = "before";
  let line = 1;
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let scalar = false; // element is a bare number/true/false/null, ended by , ] or space
  let parts: string[] = [];
  let startLine = 1;
  let expectElement = true; // after "[" or ",": an element must come next
  let afterComma = false;

  for await (const chunk of chunks) {
    let from = 0; // start of the current element's text within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (where === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c /* \ */) escaped = true;
          else if (c === 0x22 /* " */) inString = false;
          if (c === 0x0a) line++;
          continue;
        }
        if (scalar) {
          if (c === 0x2c || c === 0x5d || isSpace(c)) {
            parts.push(chunk.slice(from, i));
            yield finish();
            i--; // let the separator be read in "between"
          }
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            parts.push(chunk.slice(from, i + 1));
            yield finish();
          }
        } else if (c === 0x0a) line++;
        continue;
      }
      if (c === 0x0a) {
        line++;
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && where === "before")) continue;
      if (where === "before") {
        if (c !== 0x5b /* [ */) throw new JsonStructureError("expected a JSON array of recipients ([{\"email\": ...}, ...])", line);
        where = "between";
        expectElement = true;
        continue;
      }
      if (where === "after") throw new JsonStructureError("unexpected text after the closing ]", line);
      // between elements
      if (c === 0x5d /* ] */) {
        if (afterComma) throw new JsonStructureError("unexpected ] after a comma (trailing comma)", line);
        where = "after";
        continue;
      }
      if (c === 0x2c /* , */) {
        if (expectElement) throw new JsonStructureError("unexpected , (missing element)", line);
        expectElement = true;
        afterComma = true;
        continue;
      }
      if (!expectElement) throw new JsonStructureError("expected , or ] between elements", line);
      // an element starts here
      where = "element";
      expectElement = false;
      afterComma = false;
      startLine = line;
      from = i;
      parts = [];
      if (c === 0x22) {
        inString = true;
        // a bare string element is complete when its closing quote is seen; treat it
        // like a scalar that ends at the next separator
        scalar = true;
      } else if (c === 0x7b || c === 0x5b) {
        depth = 1;
      } else {
        scalar = true;
      }
    }
    if (where === "element") parts.push(chunk.slice(from));
  }
  if (where === "element" && scalar) throw new JsonStructureError("unexpected end of file: the array is not closed", line);
  if (where === "element") throw new JsonStructureError(`unexpected end of file inside the element that starts on line ${startLine}`, line);
  if (where === "before") throw new JsonStructureError("expected a JSON array of recipients, found an empty file", line);
  if (where === "between") throw new JsonStructureError("unexpected end of file: the array is not closed", line);

  function finish(): JsonElement {
    const element = { text: parts.join(""), line: startLine };
    parts = [];
    where = "between";
    depth = 0;
    scalar = false;
    inString = false;
    escaped = false;
    return element;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
