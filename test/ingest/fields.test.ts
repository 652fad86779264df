import { describe, expect, it } from "vitest";
import { toIsoDate } from "../../src/ingest/fields/dates.js";
import { httpUrl } from "../../src/ingest/fields/links.js";
import { quote } from "../../src/ingest/fields/quote.js";

describe("toIsoDate", () => {
  it.each([
    ["2024-06-19", "2024-06-19T00:00:00.000Z"],
    ["2024-06-19T08:15:00Z", "2024-06-19T08:15:00.000Z"],
    ["2024-06-19T08:15:00.5+01:00", "2024-06-19T07:15:00.500Z"],
    ["2024-06-19 08:15", "2024-06-19T08:15:00.000Z"],
    ["2024-06-19T08:15:00-0530", "2024-06-19T13:45:00.000Z"],
    ["Wed, 19 Jun 2024 08:15:00 GMT", "2024-06-19T08:15:00.000Z"],
    ["Wed, 19 Jun 2024 08:15:00 +0100", "2024-06-19T07:15:00.000Z"],
    ["19 Jun 2024 08:15 EDT", "2024-06-19T12:15:00.000Z"],
    ["Wed, 19 June 2024 08:15:00 Z", "2024-06-19T08:15:00.000Z"],
    ["Sat, 01 Jan 05 10:00:00 GMT", "2005-01-01T10:00:00.000Z"],
  ])("reads %s as %s", (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it("reads a zone-less time as UTC, whatever the machine's zone", () => {
    expect(toIsoDate("2024-01-15T12:00:00")).toBe("2024-01-15T12:00:00.000Z");
  });

  it.each(["", "1", "tomorrow", "2024-02-30", "2024-13-01", "2024-06-19T25:00:00Z", "Wed, 19 Foo 2024 08:15:00 GMT", "19 Jun 2024 08:15 XYZ"])("refuses %j", (input) => {
    expect(toIsoDate(input)).toBeUndefined();
  });

  it("accepts Date objects and refuses other types", () => {
    expect(toIsoDate(new Date(Date.UTC(2024, 5, 19)))).toBe("2024-06-19T00:00:00.000Z");
    expect(toIsoDate(new Date(Number.NaN))).toBeUndefined();
    expect(toIsoDate(1718784000000)).toBeUndefined();
  });
});

describe("httpUrl", () => {
  it("keeps http and https links, normalised", () => {
    expect(httpUrl(" https://Example.org/a b ")).toBe("https://example.org/a%20b");
    expect(httpUrl("http://example.org")).toBe("http://example.org/");
  });

  it.each(["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "file:///etc/passwd", "mailto:a@b.c", "/relative", "", "not a url"])("drops %j", (input) => {
    expect(httpUrl(input)).toBeUndefined();
  });

  it("resolves relative links against a base, but never into another scheme", () => {
    expect(httpUrl("/a?b=1", "https://example.org/x/")).toBe("https://example.org/a?b=1");
    expect(httpUrl("javascript:alert(1)", "https://example.org/")).toBeUndefined();
  });
});

describe("quote", () => {
  it("keeps an untrusted value on one line and short", () => {
    expect(quote("line one\nline two\u001b[31m")).toBe('"line one\\nline two\\u001b[31m"');
    expect(quote("x".repeat(100))).toBe(`"${"x".repeat(60)}…"`);
    expect(quote({ a: 1 })).toBe('"{\\"a\\":1}"');
  });
});
