import { describe, expect, it } from "vitest";
import { editionWebUrl, safeHttpUrl, tagUtm, withQueryParameter } from "../../src/links/urls.js";

const utm = { source: "digest", medium: "email", campaign: "2024-06-20-digest" };

describe("safeHttpUrl", () => {
  it("keeps absolute http and https urls", () => {
    expect(safeHttpUrl("https://www.bbc.co.uk/news/world-asia-69000000")).toBe("https://www.bbc.co.uk/news/world-asia-69000000");
    expect(safeHttpUrl("  http://example.com/a?b=1#c ")).toBe("http://example.com/a?b=1#c");
  });

  it.each([
    ["javascript:alert(1)"],
    ["JavaScript:alert(document.cookie)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox"],
    ["/relative/path"],
    ["//evil.example.com/x"],
    [""],
    ["   "],
    ["https://user:pass@example.com/"],
    ["mailto:someone@example.com"],
  ])("drops %j", (url) => {
    expect(safeHttpUrl(url)).toBeNull();
  });

  it("drops missing urls", () => {
    expect(safeHttpUrl(undefined)).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it("percent-encodes characters that could end an HTML attribute", () => {
    const url = safeHttpUrl('https://example.com/a"b<c>?q="x" y');
    expect(url).not.toMatch(/["<> ]/);
    expect(url).toBe("https://example.com/a%22b%3Cc%3E?q=%22x%22%20y");
  });
});

describe("tagUtm", () => {
  it("adds the three parameters to a url without a query", () => {
    expect(tagUtm("https://example.com/story", utm)).toBe(
      "https://example.com/story?utm_source=digest&utm_medium=email&utm_campaign=2024-06-20-digest",
    );
  });

  it("keeps the existing query (byte for byte) and the fragment", () => {
    expect(tagUtm("https://example.com/s?id=7&q=a%20b#comments", utm)).toBe(
      "https://example.com/s?id=7&q=a%20b&utm_source=digest&utm_medium=email&utm_campaign=2024-06-20-digest#comments",
    );
  });

  it("leaves links that already carry any utm_ parameter alone", () => {
    const tagged = "https://example.com/s?utm_source=twitter&x=1#top";
    expect(tagUtm(tagged, utm)).toBe(tagged);
    expect(tagUtm("https://example.com/s?UTM_Campaign=x", utm)).toBe("https://example.com/s?UTM_Campaign=x");
  });

  it("encodes parameter values", () => {
    expect(tagUtm("https://example.com/", { ...utm, campaign: "a b&c" })).toContain("utm_campaign=a+b%26c");
  });
});

describe("edition links", () => {
  it("appends the edition id to the web base, with or without a trailing slash", () => {
    expect(editionWebUrl("https://example.com/editions/", "2024-06-20-x")).toBe("https://example.com/editions/2024-06-20-x");
    expect(editionWebUrl("https://example.com/e", "2024-06-20-x")).toBe("https://example.com/e/2024-06-20-x");
  });

  it("adds a query parameter before the fragment", () => {
    expect(withQueryParameter("https://example.com/u?list=a#f", "preview", "1")).toBe("https://example.com/u?list=a&preview=1#f");
  });
});
