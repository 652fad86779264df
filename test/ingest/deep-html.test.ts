import { describe, expect, it } from "vitest";
import { readStoryText } from "../../src/ingest/index.js";
import { htmlToParagraphs, MAX_HTML_DEPTH, nestingDepth } from "../../src/ingest/html-paragraphs.js";

/** `depth` nested copies of `tag` around `inner`: the shape that overflowed html-to-text's recursion. */
function nested(tag: string, depth: number, inner: string): string {
  return `<${tag}>`.repeat(depth) + inner + `</${tag}>`.repeat(depth);
}

const escapeXml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function rss(items: { title: string; html: string }[]): string {
  const body = items
    .map((i) => `<item><title>${i.title}</title><link>https://e.example/${i.title.replace(/\W/g, "")}</link><description>${escapeXml(i.html)}</description></item>`)
    .join("\n");
  return `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>E</title><link>https://e.example/</link>\n${body}\n</channel></rss>`;
}

describe("deeply nested story HTML", () => {
  it("measures nesting in one pass, ignoring void and self-closing tags and end-tag-optional elements", () => {
    expect(nestingDepth("<div><p>a<br><img src=x/><b>b</b></div>")).toBe(2);
    expect(nestingDepth("<p>one<p>two<p>three<li>x<li>y")).toBe(0);
    expect(nestingDepth(nested("div", 5000, "x"))).toBe(5000);
  });

  it("keeps the text of HTML too deep to parse, as paragraphs, without scripts or entities", () => {
    const html = nested("div", 5000, "<p>Deep &amp; true.</p><script>alert(1)</script><p>Second <b>line</b>.</p>");
    expect(htmlToParagraphs(html, true)).toEqual(["Deep & true.", "Second line."]);
  });

  it("still parses ordinary nesting normally", () => {
    const html = nested("div", MAX_HTML_DEPTH - 5, "<h2>Head</h2><p>Body &lt;text&gt;.</p>");
    expect(htmlToParagraphs(html, true)).toEqual(["Head", "Body <text>."]);
  });

  it("an RSS item with 4,000 nested <div> keeps every story of the feed", () => {
    const text = rss([
      { title: "Deep", html: nested("div", 4000, "<p>Buried text.</p>") },
      { title: "Plain", html: "<p>Normal story.</p>" },
    ]);
    const { stories, errors } = readStoryText(text, "deep.xml");
    expect(errors).toEqual([]);
    expect(stories.map((s) => [s.headline, s.paragraphs])).toEqual([
      ["Deep", ["Buried text."]],
      ["Plain", ["Normal story."]],
    ]);
  });

  it("a JSON story with a deep `html` field keeps the other story", () => {
    const text = JSON.stringify([
      { title: "Deep", html: nested("b", 5000, "Bold text") },
      { title: "Plain", body: "Normal story." },
    ]);
    const { stories, errors } = readStoryText(text, "stories.json");
    expect(errors).toEqual([]);
    expect(stories.map((s) => [s.headline, s.paragraphs])).toEqual([
      ["Deep", ["Bold text"]],
      ["Plain", ["Normal story."]],
    ]);
  });

  it("a JSON Feed item with deep content_html keeps the other item", () => {
    const text = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "E",
      items: [
        { id: "1", title: "Deep", content_html: nested("b", 5000, "Bold text") },
        { id: "2", title: "Plain", content_html: "<p>Normal story.</p>" },
      ],
    });
    const { stories, errors } = readStoryText(text, "feed.json");
    expect(errors).toEqual([]);
    expect(stories.map((s) => [s.headline, s.paragraphs])).toEqual([
      ["Deep", ["Bold text"]],
      ["Plain", ["Normal story."]],
    ]);
  });

  it("an Atom xhtml entry nested 100,000 deep is read (flattened) and the next entry survives", () => {
    const deep = `<div xmlns="http://www.w3.org/1999/xhtml">${nested("div", 100_000, "<p>Deep text.</p>")}</div>`;
    const text = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>E</title><id>urn:e</id>
<entry><title>Deep</title><id>urn:1</id><link href="https://e.example/1"/><content type="xhtml">${deep}</content></entry>
<entry><title>Plain</title><id>urn:2</id><link href="https://e.example/2"/><content type="html">&lt;p&gt;Normal story.&lt;/p&gt;</content></entry>
</feed>`;
    const { stories, errors } = readStoryText(text, "atom.xml");
    expect(errors).toEqual([]);
    expect(stories.map((s) => [s.headline, s.paragraphs])).toEqual([
      ["Deep", ["Deep text."]],
      ["Plain", ["Normal story."]],
    ]);
  });
});
