// Splitting a JSON array into its elements as the text arrives, however it is chunked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonArrayElements, JsonStructureError } from "../../../src/deliver/send/json-elements.js";

async function* chunked(text: string, sizes: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const size of sizes) {
    if (at >= text.length) break;
    yield text.slice(at, at + size);
    at += size;
  }
  if (at < text.length) yield text.slice(at);
}

async function split(text: string, sizes: number[] = [text.length]) {
  const out: { text: string; line: number }[] = [];
  for await (const element of jsonArrayElements(chunked(text, sizes))) out.push(element);
  return out;
}

describe("jsonArrayElements", () => {
  it("yields each element's text and starting line, brackets and quotes inside strings included", async () => {
    const text = '\uFEFF[\n {"email": "a@x.org", "note": "has ] and } and \\" and [{"},\n\n  "b@x.org" ,42,\n  [1, [2]], null\n]\n';
    expect(await split(text)).toEqual([
      { text: '{"email": "a@x.org", "note": "has ] and } and \\" and [{"}', line: 2 },
      { text: '"b@x.org"', line: 4 },
      { text: "42", line: 4 },
      { text: "[1, [2]]", line: 5 },
      { text: "null", line: 5 },
    ]);
    expect(await split("[]")).toEqual([]);
  });

  it("gives the same elements as JSON.parse for any chunking", async () => {
    const element = fc.oneof(
      fc.record({ email: fc.string(), name: fc.option(fc.string()), n: fc.integer() }),
      fc.string(),
      fc.integer(),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 200 }), fc.boolean(), async (values, sizes, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const parts = await split(text, sizes);
        expect(parts.map((p) => JSON.parse(p.text))).toEqual(values);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['{"email": "a@x.org"}', 1, "expected a JSON array"],
    ["", 1, "empty file"],
    ['[{"a": 1}\n {"b": 2}]', 2, "expected , or ]"],
    ['[{"a": 1},, {"b": 2}]', 1, "unexpected ,"],
    ['[{"a": 1}]\nmore', 2, "unexpected text after"],
    ['[{"a": 1},\n{"b": ', 2, "inside the element that starts on line 2"],
    ['[{"a": 1}', 1, "not closed"],
    ['[{"a": 1},\n]', 2, "trailing comma"],
  ])("reports %j as a structure error on line %i", async (text, line, message) => {
    const error = await split(text).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JsonStructureError);
    expect(error).toMatchObject({ line, message: expect.stringContaining(message) });
  });
});
