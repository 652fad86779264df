import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMarkdown } from "../../src/ingest/markdown/index.js";
import type { Story } from "../../src/model.js";

const FIXTURES = "test/fixtures/formats/markdown";
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, "utf8");

/** The story of a Markdown body under a four-line front matter (the body starts on line 5); it must read without errors. */
function readBody(body: string, kind = "article"): Story {
  const { stories, errors } = readMarkdown(`---\ntitle: T\nkind: ${kind}\n---\n${body}`, "body.md");
  expect(errors).toEqual([]);
  return stories[0]!;
}

describe("readMarkdown: an article with front matter", () => {
  const file = `${FIXTURES}/harbour-bridge.md`;
  const { stories, errors } = readMarkdown(fixture("harbour-bridge.md"), file);
  const story = stories[0]!;

  it("reads every front-matter field", () => {
    expect(stories).toHaveLength(1);
    expect(story.kind).toBe("article");
    expect(story.headline).toBe("Harbour bridge reopens after two-year repair");
    expect(story.url).toBe("https://news.example.org/local/harbour-bridge-reopens");
    expect(story.source).toEqual({ name: "Example Gazette", url: "https://news.example.org/" });
    // 08:15 at +01:00 is 07:15 UTC.
    expect(story.publishedAt).toBe("2024-06-19T07:15:00.000Z");
    expect(story.byline).toBe("Ada Moreno");
    expect(story.topic).toBe("Transport");
    expect(story.origin).toEqual({ file, line: 1 });
  });

  it("keeps the body's words and drops its markup, the repeated title and the editor's comment", () => {
    expect(story.paragraphs).toEqual([
      "The harbour bridge reopened to traffic on Wednesday, two years after cracks closed it to lorries and cars.",
      "The repair cost £48m, the council said, and finished three weeks ahead of schedule.",
      "What changes for commuters",
      "Buses return to the bridge route from Monday",
      "Cyclists get a separate lane",
      '"It is a relief to have it back," said one commuter.',
    ]);
  });

  it("takes the front-matter image first, then body images, and image titles as captions", () => {
    expect(story.images).toEqual([
      { url: "https://news.example.org/img/bridge.jpg", alt: "The bridge at dawn", caption: "The bridge at dawn. Photo by Lee Park" },
      { url: "https://news.example.org/img/lane.jpg", alt: "Cyclists on the new lane", caption: "The new cycle lane" },
    ]);
    expect(story.captions).toEqual(["The new cycle lane"]);
  });

  it("drops a javascript: image and says where", () => {
    expect(errors).toEqual([{ file, line: 36, message: 'image "javascript:alert(1)" dropped: expected an http(s) address' }]);
  });
});

describe("readMarkdown: a live blog", () => {
  const { stories, errors } = readMarkdown(fixture("flood-live.md"), "flood-live.md");
  const story = stories[0]!;

  it("makes each ## heading a post, newest first, with time and label split off", () => {
    expect(errors).toEqual([]);
    expect(story.kind).toBe("liveblog");
    expect(story.paragraphs).toEqual(["Follow the latest on the flooding across the valley."]);
    expect(story.posts?.map((p) => [p.index, p.time, p.label, p.title, p.line])).toEqual([
      [0, "09:30", "Breaking", "Town centre evacuated", 12],
      [1, "08:45", undefined, "Rain eases but rivers still rising", 21],
      [2, undefined, undefined, "What we know so far", 29],
    ]);
  });

  it("sorts post content into byline, paragraphs, bullets, quotes and captions", () => {
    const [first, second, third] = story.posts!;
    expect(first!.byline).toBe("Sam Okafor");
    expect(first!.paragraphs).toEqual(["Police have asked people in the town centre to leave their homes."]);
    expect(first!.bullets).toEqual(["Three rest centres are open", "Roads into the centre are closed"]);
    expect(second!.quotes).toEqual(['"The worst may be yet to come," a hydrologist warned.']);
    expect(second!.captions).toEqual(["Flooded high street"]);
    expect(third!.bullets).toEqual(["Two flood warnings are in force", "Schools are shut"]);
  });

  it("normalises an RFC 822 update time to ISO 8601 UTC", () => {
    expect(story.updatedAt).toBe("2024-06-20T08:30:00.000Z");
  });

  it("reads a live blog without posts as an article and says why", () => {
    const { stories: read, errors: problems } = readMarkdown("---\ntitle: Quiet day\nkind: liveblog\n---\nNothing yet.\n", "quiet.md");
    expect(read[0]?.kind).toBe("article");
    expect(problems).toEqual([{ file: "quiet.md", line: 3, message: 'kind liveblog but no posts: expected a "## " heading for each post; read as an article' }]);
  });
});

describe("readMarkdown: titles and fields", () => {
  it("takes the title from a leading # heading when there is no front matter", () => {
    const { stories } = readMarkdown(fixture("notes-without-front-matter.md"), "notes.md");
    expect(stories[0]?.headline).toBe("Library extends opening hours");
    expect(stories[0]?.paragraphs).toHaveLength(2);
    expect(stories[0]?.source.name).toBe("");
  });

  it("skips a story with no title, naming what was expected", () => {
    const { stories, errors } = readMarkdown("Just a paragraph.\n", "untitled.md");
    expect(stories).toEqual([]);
    expect(errors).toEqual([{ file: "untitled.md", line: 1, message: 'no title: expected a "title:" field in the front matter or a "# " heading' }]);
  });

  it("reports a bad field on its own line and still loads the story", () => {
    const text = "---\ntitle: Fair opens\nurl: javascript:alert(1)\npublished: next Tuesday\nkind: podcast\n---\nText.\n";
    const { stories, errors } = readMarkdown(text, "fair.md");
    expect(stories[0]?.headline).toBe("Fair opens");
    expect(stories[0]?.url).toBeUndefined();
    expect(stories[0]?.publishedAt).toBeUndefined();
    expect(stories[0]?.kind).toBe("article");
    expect(errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'url "javascript:alert(1)" dropped: expected an http(s) link'],
      [4, 'published "next Tuesday" ignored: expected a date such as 2024-06-19T08:15:00Z'],
      [5, 'kind "podcast" ignored: expected article or liveblog'],
    ]);
  });

  it("falls back to the link's site for the source name", () => {
    const { stories } = readMarkdown("---\ntitle: T\nurl: https://www.example.com/a\n---\n", "t.md");
    expect(stories[0]?.source).toEqual({ name: "example.com" });
  });

  it("gives the same story the same id on every read, and a different story another", () => {
    const text = fixture("harbour-bridge.md");
    const once = readMarkdown(text, "a.md").stories[0]!.id;
    expect(readMarkdown(text, "b.md").stories[0]!.id).toBe(once);
    expect(readMarkdown(text.replace("harbour-bridge-reopens", "other"), "a.md").stories[0]!.id).not.toBe(once);
  });
});

describe("readMarkdown: front-matter errors", () => {
  it("names the line of a YAML syntax error", () => {
    const text = readFileSync("test/fixtures/formats/bad/broken-front-matter.md", "utf8");
    const { stories, errors } = readMarkdown(text, "broken.md");
    expect(stories).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: "broken.md", line: 4 });
    expect(errors[0]!.message).toMatch(/^front matter is not valid YAML \(Flow sequence .*\): expected "key: value" lines$/);
  });

  it("names the line of a duplicate key", () => {
    const { errors } = readMarkdown("---\ntitle: A\nbyline: X\ntitle: B\n---\n", "dup.md");
    expect(errors).toEqual([{ file: "dup.md", line: 4, message: 'front matter is not valid YAML (Map keys must be unique): expected "key: value" lines' }]);
  });

  it("reports front matter that is never closed", () => {
    const { errors } = readMarkdown("---\ntitle: Open\n\nBody text.\n", "open.md");
    expect(errors).toEqual([{ file: "open.md", line: 1, message: 'front matter opened here is never closed: expected a line "---" after the fields' }]);
  });

  it("reports front matter that is a list rather than fields", () => {
    const { errors } = readMarkdown("---\n- a\n- b\n---\n", "list.md");
    expect(errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^front matter is not a set of fields/) });
  });

  it("refuses an alias bomb instead of expanding it", () => {
    const bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ntitle: Boom\n---\n";
    const { stories, errors } = readMarkdown(bomb, "bomb.md");
    expect(stories).toEqual([]);
    expect(errors[0]?.message).toMatch(/^front matter cannot be read/);
  });
});

describe("readMarkdown: inline text", () => {
  it.each([
    ["a [link](https://x.example/a_(b)) and ![img](https://x.example/i.png) end", "a link and end"],
    ["**bold**, *em*, _em_, ~~gone~~ and `co*de*`", "bold, em, em, gone and co*de*"],
    ["snake_case_name and 5 * 3 * 2 stay", "snake_case_name and 5 * 3 * 2 stay"],
    ["\\*not emphasis\\* and \\[not a link\\](x)", "*not emphasis* and [not a link](x)"],
    ["before <!-- note --> after <!-- unclosed", "before after <!-- unclosed"],
    ["``code with ` tick`` and an unclosed `tick", "code with ` tick and an unclosed `tick"],
    // Raw HTML is read as HTML, never passed on: a script's tags and code both go.
    ["<script>alert(1)</script> stays as text", "stays as text"],
    ["inline <script>alert(1)</script> goes, <b>tags</b> go", "inline goes, tags go"],
  ])("reduces %j", (input, expected) => {
    expect(readBody(`${input}\n`).paragraphs).toEqual([expected]);
  });
});

describe("readMarkdown: Markdown that the hand-written parser got wrong", () => {
  it("decodes entities once, so the renderer's escaping does not double them", () => {
    const story = readBody('AT&amp;T &copy; 2024 &#8212; R&amp;D, but `&amp;` in code is literal\n\n![Tom &amp; Jerry](https://x.example/tj.png "Tom &amp; Jerry &lt;3")\n');
    expect(story.paragraphs).toEqual(["AT&T © 2024 — R&D, but &amp; in code is literal"]);
    expect(story.images).toEqual([{ url: "https://x.example/tj.png", alt: "Tom & Jerry", caption: "Tom & Jerry <3" }]);
  });

  it("reads a table as one paragraph per row, each cell after its column's header", () => {
    const table = "| Team | Points |\n| --- | ---: |\n| **Rovers** | 3 |\n| United | |\n\nAfter the table.\n";
    expect(readBody(table).paragraphs).toEqual(["Team: Rovers · Points: 3", "Team: United", "After the table."]);
    expect(readBody("| Only | A header |\n| --- | --- |\n").paragraphs).toEqual(["Only · A header"]);
  });

  it("keeps the text of an HTML block and drops its tags, scripts and comments", () => {
    const html = '<div class="note">\n<p>Hello <b>there</b> &amp; you</p>\n<script>alert(1)</script>\n<!-- hidden -->\n</div>\n\nAfter.\n';
    expect(readBody(html).paragraphs).toEqual(["Hello there & you", "After."]);
  });

  it("keeps nested list items, an item's later paragraphs and indented code apart and intact", () => {
    const body = "- Fruit\n  - Apples\n  - Pears\n- Veg\n\n  Second paragraph of veg\n\nCode:\n\n    const x = *1*;\n    y = x * 2\n";
    expect(readBody(body).paragraphs).toEqual(["Fruit", "Apples", "Pears", "Veg", "Second paragraph of veg", "Code:", "const x = *1*;\ny = x * 2"]);
  });

  it("sorts nested lists and quotes in a live-blog post by what holds them", () => {
    const body = [
      "## 10:00 Roads",
      "",
      "- Roads closed:",
      "  - A1 northbound",
      "  - B2 at the bridge",
      "",
      "  Diversions are signed.",
      '- > "Stay home," police said.',
      "",
      "> - first quoted point",
      "> - second quoted point",
      "",
      "## 09:00 Earlier",
      "",
      "Text.",
    ].join("\n");
    const [post, earlier] = readBody(body, "liveblog").posts!;
    expect(post!.bullets).toEqual(["Roads closed:", "A1 northbound", "B2 at the bridge", "Diversions are signed."]);
    expect(post!.quotes).toEqual(['"Stay home," police said.', "first quoted point", "second quoted point"]);
    expect(post!.paragraphs).toEqual([]);
    expect(earlier!.line).toBe(17);
  });

  it("drops the markers of nested emphasis", () => {
    expect(readBody("**a *b* c**, __x _y_ z__ and ***both***\n").paragraphs).toEqual(["a b c, x y z and both"]);
  });
});

describe("readMarkdown: lines of the body", () => {
  it("names the file line of an image inside a paragraph, with CRLF line ends", () => {
    const text = "---\r\ntitle: T\r\n---\r\nIntro.\r\n![Pixel](ftp://x.example/p.png)\r\nMore.\r\n";
    const { stories, errors } = readMarkdown(text, "crlf.md");
    expect(stories[0]?.paragraphs).toEqual(["Intro.", "More."]);
    expect(errors).toEqual([{ file: "crlf.md", line: 5, message: 'image "ftp://x.example/p.png" dropped: expected an http(s) address' }]);
  });

  it("counts post lines from the file's first line, past the front matter", () => {
    const { stories } = readMarkdown("---\ntitle: T\nkind: liveblog\n---\n\n> ## not a post\n\n## First\n\nText.\n", "lines.md");
    expect(stories[0]?.posts?.map((p) => [p.title, p.line])).toEqual([["First", 8]]);
    expect(stories[0]?.paragraphs).toEqual(["not a post"]);
  });
});

describe("readMarkdown never throws", () => {
  it("on arbitrary text, with or without a front-matter fence", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.string({ unit: "grapheme", maxLength: 300 }), (fenced, body) => {
        const outcome = readMarkdown(fenced ? `---\n${body}` : body, "any.md");
        expect(outcome.stories.length + outcome.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
