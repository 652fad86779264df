import { describe, expect, it } from "vitest";
import { TEXT_WIDTH, wrapText } from "../../src/render/text-wrap.js";

describe("wrapText", () => {
  it("wraps long lines at 78 columns on word boundaries", () => {
    const line = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const out = wrapText(line).trimEnd().split("\n");
    expect(out.length).toBeGreaterThan(1);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(out.join(" ")).toBe(line);
  });

  it("gives list items a hanging indent", () => {
    const item = "  - " + "Kim met Putin on the tarmac at Pyongyang airport, Tass reports, before the motorcade left for the city.";
    const [first, second] = wrapText(item).split("\n");
    expect(first!.startsWith("  - Kim met")).toBe(true);
    expect(second!.startsWith("    ")).toBe(true);
    expect(second![4]).not.toBe(" ");
  });

  it("keeps a url longer than the width whole, on a line of its own", () => {
    const url = "https://www.newsweek.com/" + "x".repeat(90) + "?utm_source=news-digest";
    const out = wrapText(`Read more: ${url}`).trimEnd().split("\n");
    expect(out).toEqual(["Read more:", url]);
  });

  it("collapses runs of blank lines, trims trailing spaces and ends with one newline", () => {
    expect(wrapText("\n\nTitle   \n\n\n\nBody\n\n\n")).toBe("Title\n\nBody\n");
  });

  it("leaves short lines and their order alone", () => {
    expect(wrapText("a\nb\n\nc")).toBe("a\nb\n\nc\n");
  });
});
