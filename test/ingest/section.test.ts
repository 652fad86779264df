// Story.section: what the source says the story's section is, read from every format that can say it.
import { describe, expect, it } from "vitest";
import { readFeed } from "../../src/ingest/feed/index.js";
import { readJson } from "../../src/ingest/json.js";
import { readMarkdown } from "../../src/ingest/markdown/index.js";

const rss = (categories: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><link>https://gazette.example/</link>
<item><title>Swiatek wins in Paris</title><link>https://gazette.example/a</link>${categories}<description>Final report.</description></item>
</channel></rss>`;

const atom = (categories: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><link href="https://wire.example/"/>
<updated>2024-06-20T10:00:00Z</updated><id>urn:wire</id>
<entry><title>Rates rise again</title><link href="https://wire.example/r"/><id>urn:r</id><updated>2024-06-20T10:00:00Z</updated>${categories}<summary>Rates rose.</summary></entry>
</feed>`;

describe("Story.section", () => {
  it("is the first <category> of an RSS item", () => {
    const { stories } = readFeed(rss(`<category domain="x"> Sport </category><category>Tennis</category>`), "f.rss");
    expect(stories[0]!.section).toBe("Sport");
    expect(readFeed(rss(""), "f.rss").stories[0]!.section).toBeUndefined();
  });

  it("is the first Atom <category>: its text, else its label, else its term", () => {
    expect(readFeed(atom(`<category term="business"/><category term="rates"/>`), "f.atom").stories[0]!.section).toBe("business");
    expect(readFeed(atom(`<category term="biz" label="Business"/>`), "f.atom").stories[0]!.section).toBe("Business");
  });

  it("is the front matter's section, or its category (the first of a list)", () => {
    expect(readMarkdown("---\ntitle: T\nsection: World\n---\nBody.\n", "a.md").stories[0]!.section).toBe("World");
    expect(readMarkdown("---\ntitle: T\ncategory: [Culture, Books]\n---\nBody.\n", "b.md").stories[0]!.section).toBe("Culture");
    expect(readMarkdown("---\ntitle: T\n---\nBody.\n", "c.md").stories[0]!.section).toBeUndefined();
  });

  it("is a JSON story's section", () => {
    const { stories } = readJson(JSON.stringify({ stories: [{ title: "T", section: "Science", paragraphs: ["Body."] }] }), "s.json");
    expect(stories[0]!.section).toBe("Science");
  });

  it("is one short line of plain text, whatever the feed holds", () => {
    const { stories } = readFeed(rss(`<category><![CDATA[<b>World</b>\n   news]]></category>`), "f.rss");
    expect(stories[0]!.section).toBe("World news");
  });
});
