import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFeed } from "../../src/ingest/feed/index.js";

const FIXTURES = "test/fixtures/formats/feeds";
const fixture = (name: string): string => readFileSync(`${FIXTURES}/${name}`, "utf8");

describe("readFeed: RSS 2.0", () => {
  const { stories, errors } = readFeed(fixture("gazette.rss"), "gazette.rss");
  const [trams, robots, suspicious] = stories;

  it("makes each item with a title a story, sourced from the channel", () => {
    expect(stories.map((s) => s.headline)).toEqual(["Tram line extension opens", "School wins robotics prize", "Suspicious link"]);
    for (const story of stories) expect(story.source).toEqual({ name: "Example Gazette & Friends", url: "https://news.example.org/" });
    expect(stories.map((s) => s.origin)).toEqual([
      { file: "gazette.rss", line: 13 },
      { file: "gazette.rss", line: 29 },
      { file: "gazette.rss", line: 37 },
    ]);
  });

  it("reduces content:encoded HTML to paragraphs: no script, no hrefs, entities decoded, list items apart", () => {
    expect(trams!.paragraphs).toEqual([
      "The new tram line opened on Wednesday, linking the station to the hospital.",
      "Trams run every ten minutes. Tickets cost £2.",
      "Six new stops",
      "Step-free access",
    ]);
    expect(trams!.summary).toBe("The new tram line opened on Wednesday.");
  });

  it("reads dates, authors and images", () => {
    expect(trams!.publishedAt).toBe("2024-06-19T08:15:00.000Z");
    expect(trams!.byline).toBe("Ada Moreno");
    expect(trams!.images).toEqual([{ url: "https://news.example.org/img/tram.jpg", alt: "A tram at the new stop" }]);
    // "Tue, 18 Jun 2024 16:40:00 +0100" is 15:40 UTC; "desk@... (Lee Park)" is Lee Park.
    expect(robots!.publishedAt).toBe("2024-06-18T15:40:00.000Z");
    expect(robots!.byline).toBe("Lee Park");
    expect(robots!.images).toEqual([{ url: "https://news.example.org/img/robot.png", alt: "" }]);
  });

  it("resolves a relative link against the channel's link and reads an escaped-HTML description", () => {
    expect(robots!.url).toBe("https://news.example.org/schools/robotics");
    expect(robots!.paragraphs).toEqual(["Pupils from Hill School won the national robotics final.", "Their robot sorted recycling."]);
    expect(robots!.summary).toBeUndefined();
  });

  it("drops a javascript: link and an unreadable date but keeps the story; skips an item without a title", () => {
    expect(suspicious!.url).toBeUndefined();
    expect(suspicious!.publishedAt).toBeUndefined();
    expect(errors).toEqual([
      { file: "gazette.rss", line: 37, message: 'item 3: link "javascript:alert(document.cookie)" dropped: expected an http(s) link' },
      { file: "gazette.rss", line: 37, message: 'item 3: <pubDate> "sometime last week" ignored: expected a date such as "Wed, 19 Jun 2024 08:15:00 GMT" or 2024-06-19T08:15:00Z' },
      { file: "gazette.rss", line: 43, message: "item 4: no title: expected a <title> with the headline" },
    ]);
  });
});

describe("readFeed: Atom", () => {
  const { stories, errors } = readFeed(fixture("wire.atom"), "wire.atom");
  const [launch, museum, plain] = stories;

  it("takes the source from the feed title (type html) and its alternate link, not the self link", () => {
    expect(errors).toEqual([]);
    expect(launch!.source).toEqual({ name: "Wire & Co", url: "https://wire.example.net/" });
  });

  it("reads xhtml content as markup, with every author", () => {
    expect(launch!.headline).toBe("Satellite launch delayed by weather");
    expect(launch!.url).toBe("https://wire.example.net/space/launch-delayed");
    expect(launch!.paragraphs).toEqual(["High winds at the coast pushed the launch back by at least a day.", "Engineers will check the rocket again on Friday & decide."]);
    expect(launch!.summary).toBe("High winds pushed the launch back a day.");
    expect(launch!.byline).toBe("Kim Novak, Ravi Shah");
    expect(launch!.publishedAt).toBe("2024-06-20T05:00:00.000Z");
    expect(launch!.updatedAt).toBe("2024-06-20T09:00:00.000Z");
    expect(launch!.images).toEqual([{ url: "https://wire.example.net/img/rocket.jpg", alt: "" }]);
  });

  it("reads escaped html content and titles, and an enclosure link as the image", () => {
    expect(museum!.headline).toBe("Museum reopens its doors");
    expect(museum!.paragraphs).toEqual(["The city museum reopened after a refit.", "Entry stays free."]);
    expect(museum!.publishedAt).toBe("2024-06-19T12:30:00.000Z");
    expect(museum!.images).toEqual([{ url: "https://wire.example.net/img/museum.jpg", alt: "" }]);
  });

  it("keeps type=text content literally: a <b> in text is text", () => {
    expect(plain!.paragraphs).toEqual(["Text with a literal <b> that is not markup.", "Second paragraph."]);
  });
});

describe("readFeed: RSS 1.0", () => {
  it("reads items that sit beside the channel", () => {
    const { stories, errors } = readFeed(fixture("digest.rdf"), "digest.rdf");
    expect(errors).toEqual([]);
    expect(stories).toHaveLength(1);
    expect(stories[0]).toMatchObject({
      headline: "Allotment waiting list shrinks",
      url: "https://digest.example.com/a",
      byline: "Jo Bell",
      publishedAt: "2024-06-15T09:00:00.000Z",
      source: { name: "Weekly Digest", url: "https://digest.example.com/" },
    });
  });
});

describe("readFeed: what is not a feed", () => {
  it("reports a file that is not XML, with the line", () => {
    const { stories, errors } = readFeed(readFileSync("test/fixtures/formats/bad/html-page.xml", "utf8"), "page.xml");
    expect(stories).toEqual([]);
    expect(errors).toEqual([
      { file: "page.xml", line: 5, message: "not XML (Expected closing tag 'meta' (opened in line 4, col 1) instead of closing tag 'head'): expected an RSS or Atom feed" },
    ]);
  });

  it("reports plain text and JSON as not XML", () => {
    expect(readFeed("Breaking news\n\nSomething happened.", "n.xml").errors[0]?.message).toMatch(/^not XML \(.+\): expected an RSS or Atom feed$/);
    expect(readFeed('{"title": "x"}', "j.rss").errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^not XML/) });
  });

  it("reports XML that is not a feed, naming its root", () => {
    const { errors } = readFeed('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>', "sitemap.xml");
    expect(errors).toEqual([{ file: "sitemap.xml", line: 1, message: "root element is <urlset>: expected <rss>, <feed> (Atom) or <rdf:RDF> (RSS 1.0)" }]);
  });

  it("reports a feed with no items", () => {
    const { errors } = readFeed("<rss version=\"2.0\">\n  <channel>\n    <title>Empty</title>\n  </channel>\n</rss>", "empty.rss");
    expect(errors).toEqual([{ file: "empty.rss", line: 2, message: "feed has no <item> elements: expected one per story" }]);
    expect(readFeed('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "e.atom").errors[0]?.message).toBe("feed has no <entry> elements: expected one per story");
  });

  it("does not expand an entity bomb", () => {
    const lol = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><rss><channel><title>x</title><item><title>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</title></item></channel></rss>';
    const { stories, errors } = readFeed(lol, "lol.rss");
    const longest = Math.max(0, ...stories.map((s) => s.headline.length));
    expect(longest).toBeLessThan(200_000);
    expect(stories.length + errors.length).toBeGreaterThan(0);
  });
});

describe("readFeed is pure", () => {
  it("reads a feed fetched over HTTP the same way, naming its URL as the origin", () => {
    const text = fixture("wire.atom");
    const fromDisk = readFeed(text, "wire.atom");
    const fromWeb = readFeed(text, "https://wire.example.net/atom.xml");
    expect(fromWeb.stories.map((s) => s.id)).toEqual(fromDisk.stories.map((s) => s.id));
    expect(fromWeb.stories[0]?.origin).toEqual({ file: "https://wire.example.net/atom.xml", line: 8 });
    expect(readFeed(text, "wire.atom")).toEqual(fromDisk);
  });

  it("never throws on arbitrary text, or on arbitrary content inside an item", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        readFeed(text, "any.xml");
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom("title", "link", "pubDate", "description", "author", "enclosure"), (inner, element) => {
        readFeed(`<rss><channel><title>t</title><item><${element}>${inner}</${element}></item></channel></rss>`, "any.rss");
      }),
      { numRuns: 300 },
    );
  });
});
