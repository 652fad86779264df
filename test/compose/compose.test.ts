import { describe, expect, it } from "vitest";
import { composeDigest, editionId } from "../../src/compose/index.js";
import { defaultConfig, type Config } from "../../src/config/load.js";
import { analysis, article, liveBlog, post, topic } from "../fixtures/edition/stories.js";

const NOW = new Date("2024-06-20T10:00:00Z");

function config(change: (c: Config) => void = () => {}): Config {
  const c = defaultConfig();
  change(c);
  return c;
}

describe("composeDigest", () => {
  it("keeps the analysis' topic order and story order, within the limits", () => {
    const stories = ["a", "b", "c", "d", "e", "f"].map((id) => article({ id }));
    const topics = [topic("t1", "First", ["a", "b", "c"]), topic("t2", "Second", ["d", "e"]), topic("t3", "Third", ["f"])];
    const digest = composeDigest(analysis(stories, topics), {
      config: config((c) => {
        c.limits.maxTopics = 2;
        c.limits.storiesPerTopic = 2;
      }),
      now: NOW,
    });
    expect(digest.topics.map((t) => t.label)).toEqual(["First", "Second"]);
    expect(digest.topics.map((t) => t.stories.map((s) => s.id))).toEqual([["a", "b"], ["d", "e"]]);
    expect(digest.topics.map((t) => t.moreCount)).toEqual([1, 0]);
    expect(digest.counts).toEqual({ sections: 1, topics: 2, stories: 4, listed: 2, heldBack: 0 });
  });

  it("skips topics whose stories are all unknown", () => {
    const digest = composeDigest(analysis([article({ id: "a" })], [topic("gone", "Gone", ["zzz"]), topic("t", "Kept", ["a"])]), {
      config: config(),
      now: NOW,
    });
    expect(digest.topics.map((t) => t.label)).toEqual(["Kept"]);
  });

  it("dates the edition in its time zone and names it date + slug", () => {
    const late = new Date("2024-06-19T23:30:00Z");
    const berlin = composeDigest(analysis([], []), { config: config((c) => (c.timeZone = "Europe/Berlin")), now: late });
    expect(berlin.edition.date).toBe("2024-06-20");
    expect(berlin.edition.dateLabel).toBe("Thursday 20 June 2024");
    expect(berlin.edition.id).toBe("2024-06-20-news-digest");
    const utc = composeDigest(analysis([], []), { config: config((c) => (c.slug = "morning-brief")), now: late });
    expect(utc.edition.id).toBe("2024-06-19-morning-brief");
    expect(editionId("2024-01-02", "x")).toBe("2024-01-02-x");
  });

  it("takes an explicit edition date and refuses a malformed one", () => {
    expect(composeDigest(analysis([], []), { config: config(), now: NOW, date: "2024-07-01" }).edition.id).toBe("2024-07-01-news-digest");
    expect(() => composeDigest(analysis([], []), { config: config(), now: NOW, date: "01/07/2024" })).toThrow(/YYYY-MM-DD/);
  });

  it("links only http(s) urls, UTM-tagged, and gives url-less stories no link", () => {
    const stories = [
      article({ id: "web", url: "https://www.newsweek.com/story?ref=home#video" }),
      article({ id: "none" }),
      article({ id: "js", url: "javascript:alert(1)" }),
      article({ id: "tagged", url: "https://example.com/?utm_source=rss" }),
    ];
    const digest = composeDigest(analysis(stories, [topic("t", "T", stories.map((s) => s.id))]), {
      config: config((c) => (c.limits.storiesPerTopic = 10)),
      now: NOW,
    });
    const urls = Object.fromEntries(digest.topics[0]!.stories.map((s) => [s.id, s.url]));
    expect(urls.web).toBe(
      "https://www.newsweek.com/story?ref=home&utm_source=news-digest&utm_medium=email&utm_campaign=2024-06-20-news-digest#video",
    );
    expect(urls.none).toBeNull();
    expect(urls.js).toBeNull();
    expect(urls.tagged).toBe("https://example.com/?utm_source=rss");
  });

  it("leaves links untagged when UTM tagging is off, and uses a configured campaign", () => {
    const stories = [article({ id: "web", url: "https://example.com/a" })];
    const off = composeDigest(analysis(stories, [topic("t", "T", ["web"])]), { config: config((c) => (c.utm.enabled = false)), now: NOW });
    expect(off.topics[0]!.stories[0]!.url).toBe("https://example.com/a");
    const named = composeDigest(analysis(stories, [topic("t", "T", ["web"])]), {
      config: config((c) => {
        c.utm.campaign = "june";
        c.utm.source = "brief";
      }),
      now: NOW,
    });
    expect(named.topics[0]!.stories[0]!.url).toBe("https://example.com/a?utm_source=brief&utm_medium=email&utm_campaign=june");
  });

  it("gives live blogs their key points (limited), post times and a Follow live label", () => {
    const blog = liveBlog({
      id: "live",
      url: "https://www.bbc.co.uk/news/live/1",
      updatedAt: "2024-06-20T09:00:00Z",
      timeZone: "UTC",
      posts: [post(0, { time: "08:00" }), post(1, { time: "07:00" }), post(2, { time: "06:00" })],
    });
    const a = analysis([blog], [topic("t", "Putin", ["live"])], { live: ["First point.", "Second point.", "Third point."] });
    const digest = composeDigest(a, { config: config((c) => (c.limits.keyPoints = 2)), now: NOW });
    const story = digest.topics[0]!.stories[0]!;
    expect(story.isLiveBlog).toBe(true);
    expect(story.linkLabel).toBe("Follow live");
    expect(story.lede).toBeNull();
    expect(story.liveBlog!.keyPoints).toEqual([
      { text: "First point.", time: "08:00", at: "2024-06-20T08:00:00.000Z", recent: true },
      { text: "Second point.", time: "07:00", at: "2024-06-20T07:00:00.000Z", recent: true },
    ]);
  });

  it("uses the lead topic's live-blog summary as the preheader", () => {
    const blog = liveBlog({ id: "live" });
    const a = analysis([blog, article({ id: "x" })], [topic("t", "Putin", ["x", "live"])], { live: ["Putin landed in Pyongyang."] });
    const digest = composeDigest(a, { config: config(), now: NOW });
    expect(digest.preheader).toBe("What we know: Putin landed in Pyongyang.");
    // The subject names the lead story (see "subject" below), not the topic's label.
    expect(digest.subject).toBe("Headline of x");
  });

  it("falls back to the lead story's lede, and to the date for an empty edition", () => {
    const only = article({ id: "x", paragraphs: ["Markets rallied on Thursday as investors cheered the latest inflation figures from the US."] });
    expect(composeDigest(analysis([only], [topic("t", "Markets", ["x"])]), { config: config(), now: NOW }).preheader).toBe(
      "Markets rallied on Thursday as investors cheered the latest inflation figures from the US.",
    );
    const empty = composeDigest(analysis([], []), { config: config(), now: NOW });
    expect(empty.preheader).toBe("News Digest for Thursday 20 June 2024");
    expect(empty.subject).toBe("News Digest, Thursday 20 June 2024");
  });

  it("writes absent values as null, so strict templates can test them", () => {
    const digest = composeDigest(analysis([article({ id: "bare" })], [topic("t", "T", ["bare"])]), { config: config(), now: NOW });
    const story = digest.topics[0]!.stories[0]!;
    expect(story).toMatchObject({ url: null, byline: null, publishedAt: null, updatedAt: null, image: null, liveBlog: null });
    expect(JSON.parse(JSON.stringify(digest))).toEqual(digest);
  });

  it("cleans story text of control and private-use characters and collapses spaces", () => {
    const story = article({ id: "x", headline: "Bad\u0001 \ue000recipient.email\ue001  headline\n  here", byline: "  " });
    const digest = composeDigest(analysis([story], [topic("t", "T", ["x"])]), { config: config(), now: NOW });
    expect(digest.topics[0]!.stories[0]!.headline).toBe("Bad recipient.email headline here");
    expect(digest.topics[0]!.stories[0]!.byline).toBeNull();
  });

  it("gives every image alt text and drops images without a safe url", () => {
    const story = article({
      id: "x",
      headline: "Kim meets Putin",
      images: [
        { url: "javascript:alert(1)", alt: "bad" },
        { url: "https://ichef.example/kim.jpg", alt: "", caption: "Kim greets Putin at the airport" },
      ],
    });
    const digest = composeDigest(analysis([story], [topic("t", "T", ["x"])]), { config: config(), now: NOW });
    expect(digest.topics[0]!.stories[0]!.image).toEqual({ url: "https://ichef.example/kim.jpg", alt: "Kim greets Putin at the airport" });
  });

  it("names other sources of a merged story, without repeating its own", () => {
    const story = article({ id: "x", source: { name: "BBC News" }, alsoFrom: [{ name: "Reuters" }, { name: "BBC News" }, { name: "Reuters" }] });
    const digest = composeDigest(analysis([story], [topic("t", "T", ["x"])]), { config: config(), now: NOW });
    expect(digest.topics[0]!.stories[0]!.alsoFrom).toEqual(["Reuters"]);
  });

  it("gives topics unique anchors", () => {
    const stories = [article({ id: "a" }), article({ id: "b" })];
    const digest = composeDigest(analysis(stories, [topic("1", "Putin · Korea", ["a"]), topic("2", "Putin: Korea!", ["b"])]), { config: config(), now: NOW });
    expect(digest.topics.map((t) => t.anchor)).toEqual(["topic-putin-korea", "topic-putin-korea-2"]);
  });
});
