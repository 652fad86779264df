import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJson } from "../../src/ingest/json.js";
import { readMarkdown } from "../../src/ingest/markdown/index.js";
import type { Story } from "../../src/model.js";

const FIXTURES = "test/fixtures/formats/json";
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, "utf8");

describe("readJson: one story object", () => {
  const { stories, errors } = readJson(fixture("one-story.json"), "one.json");
  const story = stories[0]!;

  it("reads the same fields as front matter", () => {
    expect(errors).toEqual([]);
    expect(story.headline).toBe("Council approves new park");
    expect(story.url).toBe("https://news.example.org/parks/new-park");
    expect(story.source).toEqual({ name: "Example Gazette" });
    expect(story.byline).toBe("Ada Moreno, Lee Park");
    expect(story.publishedAt).toBe("2024-06-18T00:00:00.000Z");
    expect(story.images).toEqual([{ url: "https://news.example.org/img/park.jpg", alt: "" }]);
    expect(story.origin).toEqual({ file: "one.json", line: 1 });
  });

  it("splits the body into paragraphs at blank lines and joins wrapped lines", () => {
    expect(story.paragraphs).toEqual([
      "The council approved a new park on the old gasworks site.",
      "Work starts in the autumn and takes a year.",
    ]);
  });
});

describe("readJson: an array of stories", () => {
  const { stories, errors } = readJson(fixture("several.json"), "several.json");

  it("loads the good stories and reports the bad one with its position and line", () => {
    expect(stories.map((s) => s.headline)).toEqual(["Ferry timetable changes", "Market hall live"]);
    expect(errors).toEqual([
      { file: "several.json", line: 9, message: 'story 2: no title: expected a "title" string' },
      { file: "several.json", line: 13, message: 'story 3: url "javascript:alert(1)" dropped: expected an http(s) link' },
    ]);
  });

  it("accepts the inspect --json spellings (headline, link, publishedAt, source object)", () => {
    const ferry = stories[0]!;
    expect(ferry.url).toBe("https://news.example.org/ferry");
    expect(ferry.source).toEqual({ name: "Harbour Times", url: "https://harbour.example.com/" });
    expect(ferry.publishedAt).toBe("2024-06-17T12:00:00.000Z");
    expect(ferry.paragraphs).toEqual(["Ferries will run every 40 minutes.", "The first sailing leaves at 6am."]);
    expect(ferry.origin).toEqual({ file: "several.json", line: 2 });
  });

  it("reads live-blog posts in order", () => {
    const live = stories[1]!;
    expect(live.kind).toBe("liveblog");
    expect(live.url).toBeUndefined();
    expect(live.posts).toEqual([
      { index: 0, title: "Doors open", time: "10:00", label: "Update", paragraphs: ["Queues formed early."], bullets: ["Free entry"], captions: [], quotes: [] },
      { index: 1, title: "Setting up", paragraphs: ["Stallholders arrived at dawn."], bullets: [], captions: [], quotes: [] },
    ]);
  });
});

describe("readJson: round trip and shapes", () => {
  it("reads back what inspect --json prints ({ stories: [...] })", () => {
    const original = readMarkdown(readFileSync("test/fixtures/formats/markdown/flood-live.md", "utf8"), "flood-live.md").stories;
    const printed = JSON.stringify({ errors: [{ file: "x", message: "y" }], stories: original }, null, 2);
    const { stories, errors } = readJson(printed, "report.json");
    expect(errors).toEqual([]);
    // Origins (and post lines) name the file that was read, so they are the only things that change.
    const withoutPlace = (story: Story): Story => ({ ...story, origin: { file: "" }, posts: story.posts?.map(({ line: _line, ...post }) => post) });
    expect(stories.map(withoutPlace)).toEqual(original.map(withoutPlace));
    expect(stories[0]?.origin).toEqual({ file: "report.json", line: 9 });
  });

  it("names the line of a JSON syntax error", () => {
    const { stories, errors } = readJson(readFileSync("test/fixtures/formats/bad/not-json.json", "utf8"), "bad.json");
    expect(stories).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "bad.json", line: 4 });
    expect(errors[0]!.message).toMatch(/^not valid JSON \(.+\): expected a story object or an array of them$/);
  });

  it("names the line and column of a JSON syntax error", () => {
    const { errors } = readJson(readFileSync("test/fixtures/formats/bad/not-json.json", "utf8"), "bad.json");
    expect(errors).toEqual([{ file: "bad.json", line: 4, message: 'not valid JSON (column 3: expected a comma, found "\\""): expected a story object or an array of them' }]);
  });

  it("places a problem in a story's 3rd post at that post's own line", () => {
    const text = [
      "[",
      '  { "title": "Quiet day" },',
      "  {",
      '    "title": "Market hall live",',
      '    "posts": [',
      '      { "title": "Doors open" },',
      '      { "title": "Setting up" },',
      '      { "title": "Closing", "bullets": "not a list" }',
      "    ]",
      "  }",
      "]",
    ].join("\n");
    expect(readJson(text, "live.json").errors).toEqual([
      { file: "live.json", line: 8, message: 'story 2: post 3: "bullets" ignored: expected an array of strings' },
    ]);
  });

  it("reports JSON that is neither a story nor a list of them", () => {
    expect(readJson('"just a string"', "s.json").errors).toEqual([{ file: "s.json", line: 1, message: "found a string: expected a story object or an array of them" }]);
    expect(readJson("[]", "e.json").errors).toEqual([{ file: "e.json", line: 1, message: "no stories: expected at least one story object in the array" }]);
    expect(readJson("[1]", "n.json").errors).toEqual([{ file: "n.json", line: 1, message: 'story 1: found a number: expected a story object with a "title"' }]);
  });

  it("reports wrongly typed text fields and posts without titles, keeping the rest", () => {
    const text = JSON.stringify({ title: "T", paragraphs: "not a list", posts: [{ body: "no title" }, { title: "Kept", bullets: [1] }] });
    const { stories, errors } = readJson(text, "t.json");
    expect(stories[0]?.posts?.map((p) => p.title)).toEqual(["Kept"]);
    expect(errors.map((e) => e.message)).toEqual([
      '"paragraphs" ignored: expected an array of strings',
      'post 1: no title: expected a "title" string',
      'post 2: "bullets" ignored: expected an array of strings',
    ]);
  });

  it("reduces an html body to paragraphs", () => {
    const { stories } = readJson(JSON.stringify({ title: "T", html: "<p>One <b>bold</b></p><script>x()</script><p>Two</p>" }), "h.json");
    expect(stories[0]?.paragraphs).toEqual(["One bold", "Two"]);
  });

  it("never throws on arbitrary text or arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        readJson(text, "any.json");
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("title", "url", "source", "published", "byline", "kind", "image", "posts", "body", "paragraphs"), fc.anything()), (story) => {
        readJson(JSON.stringify(story) ?? "{}", "any.json");
      }),
      { numRuns: 400 },
    );
  });
});
