import { describe, expect, it } from "vitest";
import { readJsonFeed } from "../../src/ingest/json-feed.js";

const FILE = "https://news.example.com/feed.json";

function feed(items: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Example News", home_page_url: "https://news.example.com/", items, ...extra }, null, 2);
}

describe("readJsonFeed", () => {
  it("reads each item as an article with its fields", () => {
    const { stories, errors } = readJsonFeed(
      feed([
        {
          id: "a1",
          url: "https://news.example.com/putin",
          title: "Putin lands in Pyongyang",
          summary: "The Russian president arrived overnight.",
          content_html: "<p>First paragraph.</p><p>Second <b>paragraph</b>.</p><script>alert(1)</script>",
          date_published: "2024-06-19T00:10:00+01:00",
          date_modified: "2024-06-19T02:00:00Z",
          authors: [{ name: "Ben Tavener" }, { name: "Laura Gozzi" }],
          image: "https://news.example.com/putin.jpg",
        },
      ]),
      FILE,
    );
    expect(errors).toEqual([]);
    expect(stories).toHaveLength(1);
    const story = stories[0]!;
    expect(story).toMatchObject({
      kind: "article",
      source: { name: "Example News", url: "https://news.example.com/" },
      headline: "Putin lands in Pyongyang",
      url: "https://news.example.com/putin",
      byline: "Ben Tavener, Laura Gozzi",
      summary: "The Russian president arrived overnight.",
      publishedAt: "2024-06-18T23:10:00.000Z",
      updatedAt: "2024-06-19T02:00:00.000Z",
      paragraphs: ["First paragraph.", "Second paragraph."],
      images: [{ url: "https://news.example.com/putin.jpg", alt: "Putin lands in Pyongyang" }],
      origin: { file: FILE },
    });
    expect(story.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives the same id to the same item read twice, and different ids to different items", () => {
    const text = feed([
      { id: "1", url: "https://news.example.com/a", title: "A", content_text: "a" },
      { id: "2", url: "https://news.example.com/b", title: "B", content_text: "b" },
    ]);
    const first = readJsonFeed(text, FILE).stories.map((s) => s.id);
    expect(readJsonFeed(text, FILE).stories.map((s) => s.id)).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it("drops links that are not http(s): feed text is untrusted", () => {
    const { stories } = readJsonFeed(feed([{ id: "x", url: "javascript:alert(1)", title: "Trap", content_text: "text", image: "data:image/png;base64,AAAA" }]), FILE);
    expect(stories[0]?.url).toBeUndefined();
    expect(stories[0]?.images).toBeUndefined();
  });

  it("uses the summary or the text when an item has no title, and reports an item with nothing at all", () => {
    const { stories, errors } = readJsonFeed(feed([{ id: "m", content_text: "A short micro post\n\nwith a second paragraph." }, { id: "empty" }]), FILE);
    expect(stories.map((s) => s.headline)).toEqual(["A short micro post"]);
    expect(errors).toEqual([{ file: FILE, message: "item 2: no title, summary or content: expected a story" }]);
  });

  it("reads JSON Feed 1.0 single authors", () => {
    const text = JSON.stringify({ version: "https://jsonfeed.org/version/1", title: "Old Feed", items: [{ id: "1", title: "T", content_text: "x", author: { name: "Ann Writer" } }] });
    expect(readJsonFeed(text, FILE).stories[0]?.byline).toBe("Ann Writer");
  });

  it("keeps a story with a malformed date but reports the date", () => {
    const { stories, errors } = readJsonFeed(feed([{ id: "1", title: "T", content_text: "x", date_published: "yesterday" }]), FILE);
    expect(stories).toHaveLength(1);
    expect(stories[0]?.publishedAt).toBeUndefined();
    expect(errors[0]?.message).toBe('item 1: "date_published" is "yesterday": expected an RFC 3339 date such as 2024-06-19T08:15:00Z');
  });

  it("reports invalid JSON, with its line where the parser names a position", () => {
    const { stories, errors } = readJsonFeed('{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [\n    {"title": "a" "summary": "b"}\n  ]\n}', FILE);
    expect(stories).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: FILE, line: 4 });
    expect(errors[0]?.message).toMatch(/^not valid JSON \(.*\): expected a JSON Feed$/);
  });

  it("names the column of a syntax error too", () => {
    const { errors } = readJsonFeed('{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [\n    {"title": "a" "summary": "b"}\n  ]\n}', FILE);
    expect(errors).toEqual([{ file: FILE, line: 4, message: 'not valid JSON (column 19: expected a comma, found "\\""): expected a JSON Feed' }]);
  });

  it("reads a date without a zone as UTC, whatever the machine's zone", () => {
    const text = feed([{ id: "1", title: "T", content_text: "x", date_published: "2024-06-19T08:15:00" }]);
    const saved = process.env.TZ;
    // Node applies a change to process.env.TZ at once, so one process can read the feed in two zones.
    const readIn = (zone: string): string | undefined => {
      process.env.TZ = zone;
      return readJsonFeed(text, FILE).stories[0]?.publishedAt;
    };
    try {
      expect(readIn("UTC")).toBe("2024-06-19T08:15:00.000Z");
      expect(readIn("America/New_York")).toBe("2024-06-19T08:15:00.000Z");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("resolves relative links against home_page_url, or feed_url when there is no home page", () => {
    const { stories } = readJsonFeed(feed([{ id: "r", url: "/2024/06/story", title: "Relative", content_text: "x", image: "img/pic.jpg" }]), FILE);
    expect(stories[0]?.url).toBe("https://news.example.com/2024/06/story");
    expect(stories[0]?.images).toEqual([{ url: "https://news.example.com/img/pic.jpg", alt: "Relative" }]);
    const noHome = JSON.stringify({ version: "https://jsonfeed.org/version/1.1", feed_url: "https://other.example.org/feeds/main.json", items: [{ id: "r", url: "story.html", title: "R" }] });
    expect(readJsonFeed(noHome, FILE).stories[0]?.url).toBe("https://other.example.org/feeds/story.html");
  });

  it("reports JSON that is not a JSON Feed", () => {
    expect(readJsonFeed('{"items": []}', FILE).errors[0]?.message).toBe('expected a JSON Feed "version" such as "https://jsonfeed.org/version/1.1", got missing');
    expect(readJsonFeed('{"version": "https://jsonfeed.org/version/1.1", "items": {}}', FILE).errors[0]?.message).toBe('expected "items" to be an array, got an object');
    expect(readJsonFeed("[1, 2]", FILE).errors[0]?.message).toBe('expected a JSON Feed object with an "items" array');
  });

  it("never throws on arbitrary items", () => {
    const weird = [null, 1, "s", [], { title: 5 }, { title: "ok", authors: "nobody", date_modified: 12 }];
    const { stories, errors } = readJsonFeed(feed(weird), FILE);
    expect(stories.map((s) => s.headline)).toEqual(["ok"]);
    expect(errors.length).toBeGreaterThanOrEqual(5);
  });
});
