import { describe, expect, it } from "vitest";
import { AA_TEXT, contrastRatio, parseHexColor, relativeLuminance } from "../../src/text/contrast.js";
import { applyThemeOverrides, contrastPairs, contrastProblems } from "../../src/config/theme.js";
import { shippedTemplates } from "../fixtures/edition/render.js";

describe("WCAG contrast", () => {
  it("matches the reference values", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#fff", "#fff")).toBeCloseTo(1, 5);
    // #767676 on white is the classic lightest grey that passes AA (4.54:1); #777777 fails (4.48:1).
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#ffffff", "#767676")).toBeCloseTo(contrastRatio("#767676", "#ffffff"), 10);
  });

  it("reads #rgb and #rrggbb", () => {
    expect(parseHexColor("#abc")).toEqual([0xaa, 0xbb, 0xcc]);
    expect(parseHexColor("#B3202A")).toEqual([0xb3, 0x20, 0x2a]);
    expect(relativeLuminance("#ffffff")).toBe(1);
    expect(() => parseHexColor("red")).toThrow(/hex colour/);
  });
});

describe("the shipped theme", () => {
  it("keeps every text colour at 4.5:1 or more on its backgrounds, in light and dark mode", async () => {
    const { theme } = await shippedTemplates();
    const pairs = contrastPairs(theme);
    expect(pairs.length).toBeGreaterThanOrEqual(14);
    for (const pair of pairs) {
      expect(pair.ratio, `${pair.scheme} ${pair.foreground} on ${pair.background}`).toBeGreaterThanOrEqual(AA_TEXT);
    }
    expect(contrastProblems(theme)).toEqual([]);
  });

  it("flags an override that makes text unreadable", async () => {
    const { theme } = await shippedTemplates();
    const pale = applyThemeOverrides(theme, { colors: { muted: "#aaaaaa" } });
    const problems = contrastProblems(pale);
    expect(problems.some((p) => p.startsWith("colors.muted on surface has contrast 2.32:1"))).toBe(true);
    expect(problems.every((p) => !p.startsWith("darkColors"))).toBe(true);
  });
});
