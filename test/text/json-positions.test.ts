import { describe, expect, it } from "vitest";
import { readJsonText } from "../../src/text/json-positions.js";

describe("readJsonText", () => {
  it("places each key and array item where it is written", () => {
    const text = '{\n  "a": {\n    "list": [\n      1,\n      {"b": true}\n    ]\n  }\n}';
    const read = readJsonText(text);
    if (!read.ok) throw new Error(read.error.reason);
    expect(read.positions.positionOf([])).toEqual({ line: 1, column: 1 });
    expect(read.positions.positionOf(["a", "list"])).toEqual({ line: 3, column: 5 });
    expect(read.positions.positionOf(["a", "list", 1])).toEqual({ line: 5, column: 7 });
    expect(read.positions.positionOf(["a", "list", 1, "b"])).toEqual({ line: 5, column: 8 });
    expect(read.positions.positionOf(["a", "missing"])).toBeUndefined();
    expect(read.positions.has(["a", "list", "0"])).toBe(false);
  });

  it("reads values as JSON.parse does: the last of duplicate keys, __proto__ as a plain key", () => {
    const text = '{"k": 1,\n "k": 2, "__proto__": {"x": 1}}';
    const read = readJsonText(text);
    if (!read.ok) throw new Error(read.error.reason);
    expect(read.value).toEqual(JSON.parse(text));
    expect(read.positions.lineOf(["k"])).toBe(2);
  });

  it("refuses what JSON.parse refuses, at the character to fix", () => {
    const error = (text: string) => {
      const read = readJsonText(text);
      return read.ok ? undefined : read.error;
    };
    expect(error('{"a": 1 /* note */}')).toEqual({ line: 1, column: 9, reason: "comments are not allowed in JSON" });
    expect(error("[1, 2,]")).toEqual({ line: 1, column: 7, reason: 'trailing comma before "]": JSON allows none' });
    expect(error('{"a": "x\\\\q\\q"}')).toMatchObject({ line: 1, column: 12 }); // past the escaped backslash, at the bad escape
    expect(error('{"a":\n  tru}')).toEqual({ line: 2, column: 6, reason: "expected true" });
    expect(error("")).toMatchObject({ line: 1, column: 1 });
  });

  it("reports text nested too deeply to read instead of throwing", () => {
    expect(readJsonText("[".repeat(100_000) + "]".repeat(100_000))).toMatchObject({ ok: false, error: { reason: "nested too deeply to read" } });
  });
});
