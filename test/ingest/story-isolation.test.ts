import { describe, expect, it, vi } from "vitest";

// A converter fault on one story's HTML stands in for any bug a reader hits on one
// item: the readers (the code under test) must report that story and keep the rest.
vi.mock("../../src/ingest/html-paragraphs.js", async (importActual) => {
  const actual = await importActual<typeof import("../../src/ingest/html-paragraphs.js")>();
  const fail = (content: string): void => {
    if (content.includes("EXPLODE")) throw new RangeError("Maximum call stack size exceeded");
  };
  return {
    ...actual,
    htmlToParagraphs: (content: string, isHtml?: boolean) => (fail(content), actual.htmlToParagraphs(content, isHtml)),
  };
});

const { readStoryText } = await import("../../src/ingest/index.js");

const headlines = (stories: { headline: string }[]): string[] => stories.map((s) => s.headline);

describe("a reader failing on one story", () => {
  it("RSS: reports the item with its line and keeps the others", () => {
    const text = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>E</title><link>https://e.example/</link>
<item><title>Good</title><link>https://e.example/1</link><description>One.</description></item>
<item><title>Bad</title><link>https://e.example/2</link><description>EXPLODE</description></item>
<item><title>Also good</title><link>https://e.example/3</link><description>Three.</description></item>
</channel></rss>`;
    const { stories, errors } = readStoryText(text, "feed.xml");
    expect(headlines(stories)).toEqual(["Good", "Also good"]);
    expect(errors).toEqual([{ file: "feed.xml", line: 4, message: expect.stringMatching(/^item 2: could not be read \(internal error: Maximum call stack/) }]);
  });

  it("JSON: reports the story with its line and keeps the others", () => {
    const text = `[
  { "title": "Good", "body": "One." },
  { "title": "Bad", "html": "<p>EXPLODE</p>" },
  { "title": "Also good", "body": "Three." }
]`;
    const { stories, errors } = readStoryText(text, "stories.json");
    expect(headlines(stories)).toEqual(["Good", "Also good"]);
    expect(errors).toEqual([{ file: "stories.json", line: 3, message: expect.stringMatching(/^story 2: could not be read \(internal error/) }]);
  });

  it("JSON Feed: reports the item and keeps the others", () => {
    const text = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "E",
      items: [
        { id: "1", title: "Good", content_html: "<p>One.</p>" },
        { id: "2", title: "Bad", content_html: "<p>EXPLODE</p>" },
        { id: "3", title: "Also good", content_html: "<p>Three.</p>" },
      ],
    });
    const { stories, errors } = readStoryText(text, "feed.json");
    expect(headlines(stories)).toEqual(["Good", "Also good"]);
    expect(errors).toEqual([{ file: "feed.json", message: expect.stringMatching(/^item 2: could not be read \(internal error/) }]);
  });
});
