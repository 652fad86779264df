import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { groupTopics, IN_BRIEF } from "../../../src/analyze/topics/index.js";
import { readPlainText } from "../../../src/ingest/plain-text/index.js";
import type { Story, Topic } from "../../../src/model.js";
import { article, eventStories, shuffled, topicOf } from "./helpers.js";

/** Each topic as the set of fixture events of its stories. */
function eventsPerTopic(topics: Topic[], eventOf: Map<string, string>): string[][] {
  return topics.map((t) => [...new Set(t.storyIds.map((id) => eventOf.get(id)!))].sort());
}

function expectEveryStoryOnce(stories: Story[], topics: Topic[]): void {
  const placed = topics.flatMap((t) => t.storyIds);
  expect([...placed].sort()).toEqual(stories.map((s) => s.id).sort());
}

describe("grouping stories from several events", () => {
  const { stories, eventOf } = eventStories();
  const { topics } = groupTopics(stories);
  const events = new Set(eventOf.values());
  const multiStoryEvents = [...events].filter((e) => !e.startsWith("solo-"));

  it("puts each event's stories in one topic and nothing else with them", () => {
    const named = topics.filter((t) => t.label !== IN_BRIEF);
    expect(eventsPerTopic(named, eventOf).sort()).toEqual(multiStoryEvents.map((e) => [e]).sort());
    for (const topic of named) expect(topic.storyIds).toHaveLength(3);
  });

  it("keeps events of one field apart (earthquake and wildfires, football and tennis)", () => {
    const topicOfEvent = (event: string): string | undefined =>
      topicOf(topics, stories.find((s) => eventOf.get(s.id) === event)!.id)?.id;
    expect(topicOfEvent("quake")).not.toBe(topicOfEvent("fires"));
    expect(topicOfEvent("final")).not.toBe(topicOfEvent("tennis"));
    expect(topicOfEvent("rates")).not.toBe(topicOfEvent("breach"));
  });

  it("sends the one-off stories to 'In brief' topics (one per section), after every other topic", () => {
    const first = topics.findIndex((t) => t.label === IN_BRIEF);
    expect(first).toBeGreaterThan(0);
    const inBrief = topics.slice(first);
    expect(inBrief.every((t) => t.label === IN_BRIEF)).toBe(true);
    expect(eventsPerTopic(inBrief, eventOf).flat().sort()).toEqual(["solo-coffee", "solo-museum", "solo-rail"]);
  });

  it("places every story in exactly one topic", () => {
    expectEveryStoryOnce(stories, topics);
  });

  it("labels topics with the names their stories share", () => {
    const label = (event: string): string => topicOf(topics, stories.find((s) => eventOf.get(s.id) === event)!.id)!.label;
    expect(label("quake")).toMatch(/Peru/);
    expect(label("rates")).toMatch(/Bank of England/);
    expect(label("election")).toMatch(/Wilders|Freedom Party/);
    expect(label("breach")).toMatch(/Harlow & Pike/);
    expect(label("fires")).toMatch(/Rhodes/);
    expect(label("tennis")).toMatch(/Swiatek|Paolini/);
    expect(label("final")).toMatch(/Inter|Madrid/);
    for (const topic of topics) expect(topic.label.split(" · ").length).toBeLessThanOrEqual(2);
  });

  it("keeps keywords that come from the topic's own stories", () => {
    const rates = topicOf(topics, stories.find((s) => eventOf.get(s.id) === "rates")!.id)!;
    expect(rates.keywords.length).toBeGreaterThan(3);
    expect(rates.keywords.join(" ")).toMatch(/rate|inflation|mortgage/);
    const text = rates.storyIds.map((id) => JSON.stringify(stories.find((s) => s.id === id))).join(" ").toLowerCase();
    for (const keyword of rates.keywords) expect(text).toContain(keyword.toLowerCase().split(" ")[0]!.slice(0, 4));
  });

  it("gives topics ids made from their labels, all different", () => {
    const ids = topics.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const topic of topics) expect(topic.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(topics[topics.length - 1]!.id).toMatch(/^in-brief(-\d+)?$/);
  });
});

describe("the seed stories", () => {
  it("form one topic labelled with Putin and North Korea", () => {
    const dir = fileURLToPath(new URL("../../../seeds/", import.meta.url));
    const stories = readdirSync(dir)
      .filter((f) => f.endsWith(".txt"))
      .sort()
      .flatMap((f) => readPlainText(readFileSync(dir + f, "utf8"), `seeds/${f}`).stories);
    expect(stories).toHaveLength(2);
    const { topics } = groupTopics(stories);
    expect(topics).toHaveLength(1);
    expect(topics[0]!.storyIds).toHaveLength(2);
    expect(topics[0]!.label).toMatch(/Putin/);
    expect(topics[0]!.label).toMatch(/North Korea|Pyongyang|Kim/);
  });
});

describe("'In brief'", () => {
  const unrelated = [
    article("museum", "Museum returns bronzes to Nigeria", ["A museum in Aberdeen handed back bronze sculptures taken from Benin City in 1897."]),
    article("coffee", "Coffee linked to lower liver disease risk", ["People who drink three cups of coffee a day are less likely to develop chronic liver disease, researchers said."]),
    article("orchestra", "Orchestra names new conductor", ["The city's symphony orchestra has appointed a 34-year-old conductor from Lyon as its music director."]),
  ];

  it("collects stories that fit no topic instead of making one-story topics", () => {
    const { topics } = groupTopics(unrelated);
    expect(topics.every((t) => t.label === IN_BRIEF)).toBe(true);
    expect(topics.flatMap((t) => t.storyIds).sort()).toEqual(["coffee", "museum", "orchestra"]);
  });

  it("does not appear when every story belongs to a topic", () => {
    const { stories } = eventStories();
    const { topics } = groupTopics(stories.filter((s) => !s.id.startsWith("solo-")));
    expect(topics.some((t) => t.label === IN_BRIEF)).toBe(false);
  });

  it("leaves a lone live blog as a topic of its own: a live blog is a big story", () => {
    const blog: Story = {
      ...article("blog", "Election night live: results as they come in", []),
      kind: "liveblog",
      posts: [{ index: 0, title: "Polls close", paragraphs: ["Polling stations have closed across the country and counting has begun."], bullets: [], captions: [], quotes: [] }],
    };
    const { topics } = groupTopics([...unrelated, blog]);
    expect(topics.map((t) => t.storyIds)).toContainEqual(["blog"]);
    expect(topicOf(topics, "blog")!.label).not.toBe(IN_BRIEF);
    expect(topics[topics.length - 1]!.label).toBe(IN_BRIEF);
  });

  it("takes the least important topics when maxTopics caps their number", () => {
    const { stories } = eventStories();
    const all = groupTopics(stories).topics;
    const capped = groupTopics(stories, { maxTopics: 4 }).topics;
    expect(capped).toHaveLength(4);
    expect(capped.slice(0, 3).map((t) => t.label)).toEqual(all.slice(0, 3).map((t) => t.label));
    expect(capped[3]!.label).toBe(IN_BRIEF);
    expectEveryStoryOnce(stories, capped);
    const demoted = all.slice(3).flatMap((t) => t.storyIds);
    expect([...capped[3]!.storyIds].sort()).toEqual(demoted.sort());
  });

  it("rejects a maxTopics that is not a positive whole number", () => {
    const { stories } = eventStories();
    expect(() => groupTopics(stories, { maxTopics: 0 })).toThrow(/maxTopics must be a whole number of at least 1, got 0/);
    expect(() => groupTopics(stories, { maxTopics: 2.5 })).toThrow(RangeError);
  });
});

describe("editor override", () => {
  const { stories, eventOf } = eventStories();
  const rates = stories.filter((s) => eventOf.get(s.id) === "rates");

  it("pins a story to the named topic, whatever its text", () => {
    const pinnedId = rates[0]!.id;
    const input = stories.map((s) => (s.id === pinnedId ? { ...s, topic: "Weekend reading" } : s));
    const { topics } = groupTopics(input);
    const weekend = topics.find((t) => t.label === "Weekend reading");
    expect(weekend?.storyIds).toEqual([pinnedId]);
    expect(weekend?.id).toBe("weekend-reading");
    // The other stories of the event still make their own topic.
    const rest = topicOf(topics, rates[1]!.id)!;
    expect([...rest.storyIds].sort()).toEqual([rates[1]!.id, rates[2]!.id].sort());
    expectEveryStoryOnce(input, topics);
  });

  it("gathers stories pinned to the same name, compared without case or spaces", () => {
    const museum = stories.find((s) => eventOf.get(s.id) === "solo-museum")!;
    const coffee = stories.find((s) => eventOf.get(s.id) === "solo-coffee")!;
    const input = stories.map((s) =>
      s.id === museum.id ? { ...s, topic: "Culture & Health" } : s.id === coffee.id ? { ...s, topic: " culture & health " } : s,
    );
    const { topics } = groupTopics(input);
    const pinned = topics.find((t) => t.label === "Culture & Health")!;
    expect([...pinned.storyIds].sort()).toEqual([coffee.id, museum.id].sort());
    expect(topicOf(topics, museum.id)).toBe(pinned);
  });

  it("keeps a pinned topic even when maxTopics is small", () => {
    const input = stories.map((s) => (s.id === rates[0]!.id ? { ...s, topic: "Editor's pick" } : s));
    const { topics } = groupTopics(input, { maxTopics: 2 });
    expect(topics.map((t) => t.label)).toContain("Editor's pick");
    expect(topics[topics.length - 1]!.label).toBe(IN_BRIEF);
    expectEveryStoryOnce(input, topics);
  });
});

describe("order of topics", () => {
  const blogPost = { index: 0, title: "Latest", paragraphs: [], bullets: [], captions: [], quotes: [] };

  function twoEvents(): Story[] {
    const { stories, eventOf } = eventStories();
    return stories.filter((s) => ["quake", "breach"].includes(eventOf.get(s.id)!));
  }

  it("puts the topic with newer stories first, measured from the stories' own dates", () => {
    const stories = twoEvents();
    const at = (s: Story, iso: string): Story => ({ ...s, publishedAt: iso });
    const quakeNewer = stories.map((s) => at(s, s.id.startsWith("quake") ? "2024-06-21T12:00:00Z" : "2024-06-18T12:00:00Z"));
    const breachNewer = stories.map((s) => at(s, s.id.startsWith("breach") ? "2024-06-21T12:00:00Z" : "2024-06-18T12:00:00Z"));
    expect(groupTopics(quakeNewer).topics[0]!.storyIds[0]).toMatch(/^quake/);
    expect(groupTopics(breachNewer).topics[0]!.storyIds[0]).toMatch(/^breach/);
    // Ten years later the order is the same: recency is relative to the newest story, not the clock.
    const later = quakeNewer.map((s) => at(s, s.publishedAt!.replace("2024", "2034")));
    expect(groupTopics(later).topics.map((t) => t.label)).toEqual(groupTopics(quakeNewer).topics.map((t) => t.label));
  });

  it("ranks a topic with a live blog above an otherwise equal one", () => {
    const stories = twoEvents().map((s) => ({ ...s, publishedAt: "2024-06-20T12:00:00Z" }));
    // The event's first story becomes a live blog (same text, so the grouping is unchanged).
    const withBlog = (event: string): Story[] => {
      const first = stories.find((s) => s.id.startsWith(event))!;
      return stories.map((s) => (s === first ? { ...s, kind: "liveblog" as const, posts: [blogPost] } : s));
    };
    expect(groupTopics(withBlog("quake")).topics[0]!.storyIds.join()).toMatch(/quake/);
    expect(groupTopics(withBlog("breach")).topics[0]!.storyIds.join()).toMatch(/breach/);
  });

  it("ranks a topic with more stories and sources higher, and scores reflect it", () => {
    const { stories, eventOf } = eventStories();
    const input = stories
      .filter((s) => ["quake", "breach"].includes(eventOf.get(s.id)!))
      .filter((s, i, all) => eventOf.get(s.id) === "breach" || s.id !== all.find((x) => eventOf.get(x.id) === "quake")!.id)
      .map((s) => ({ ...s, publishedAt: "2024-06-20T12:00:00Z" }));
    const { topics } = groupTopics(input);
    expect(topics[0]!.storyIds).toHaveLength(3);
    expect(topics[0]!.score).toBeGreaterThan(topics[1]!.score);
  });

  it("lists a topic's live blog first, then its newest stories", () => {
    const { stories, eventOf } = eventStories();
    const quake = stories.filter((s) => eventOf.get(s.id) === "quake");
    const blog = { ...quake[0]!, kind: "liveblog" as const, posts: [blogPost], publishedAt: "2024-06-19T00:00:00Z" };
    const { topics } = groupTopics([blog, ...quake.slice(1)]);
    const byTime = [...quake.slice(1)].sort((a, b) => Date.parse(b.publishedAt!) - Date.parse(a.publishedAt!)).map((s) => s.id);
    expect(topics[0]!.storyIds).toEqual([blog.id, ...byTime]);
  });
});

describe("determinism", () => {
  const { stories } = eventStories();

  it("gives the same topics, labels, keywords and order for the same input", () => {
    expect(groupTopics(stories)).toEqual(groupTopics(stories));
  });

  it("gives the same topics whatever the order of the input", () => {
    const reference = groupTopics(stories).topics;
    for (const seed of [1, 7, 42]) {
      const { topics } = groupTopics(shuffled(stories, seed));
      expect(topics.map((t) => t.id)).toEqual(reference.map((t) => t.id));
      expect(topics.map((t) => t.storyIds)).toEqual(reference.map((t) => t.storyIds));
      expect(topics.map((t) => t.keywords)).toEqual(reference.map((t) => t.keywords));
    }
  });

  it("places every story in exactly one topic for any selection, order and pins", () => {
    fc.assert(
      fc.property(
        fc.subarray(stories, { minLength: 0 }),
        fc.nat(),
        fc.array(fc.constantFrom(undefined, "Pinned A", "pinned a", "Pinned B"), { minLength: stories.length, maxLength: stories.length }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        (chosen, seed, pins, maxTopics) => {
          const input = shuffled(chosen, seed).map((s, i) => (pins[i] === undefined ? s : { ...s, topic: pins[i] }));
          const result = groupTopics(input, maxTopics === undefined ? {} : { maxTopics });
          expectEveryStoryOnce(result.stories, result.topics);
          expect(result.stories).toHaveLength(input.length);
          for (const topic of result.topics) expect(topic.storyIds.length).toBeGreaterThan(0);
          if (maxTopics !== undefined) {
            const pinnedTopics = new Set(input.filter((s) => s.topic).map((s) => s.topic!.trim().toLowerCase())).size;
            expect(result.topics.length).toBeLessThanOrEqual(Math.max(maxTopics, pinnedTopics + 1));
          }
          // "In brief" topics (one per section) come after every other topic.
          const inBrief = result.topics.findIndex((t) => t.label === IN_BRIEF);
          if (inBrief >= 0) expect(result.topics.slice(inBrief).every((t) => t.label === IN_BRIEF)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 20240620 },
    );
  });

  it("returns nothing for no stories", () => {
    expect(groupTopics([])).toEqual({ stories: [], topics: [] });
  });
});
