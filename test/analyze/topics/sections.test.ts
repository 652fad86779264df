import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { groupSections, IN_BRIEF } from "../../../src/analyze/topics/index.js";
import type { Story } from "../../../src/model.js";
import { article, eventStories, shuffled } from "./helpers.js";

interface SectionFixture {
  event: string;
  section: string;
  source: string;
  headline: string;
  publishedAt: string;
  paragraphs: string[];
}

/** test/fixtures/topics/sections.json: events covered by several outlets, each with the section it belongs to. */
function sectionStories(): { stories: Story[]; eventOf: Map<string, string>; sectionOf: Map<string, string> } {
  const path = fileURLToPath(new URL("../../fixtures/topics/sections.json", import.meta.url));
  const data = JSON.parse(readFileSync(path, "utf8")) as { stories: SectionFixture[] };
  const eventOf = new Map<string, string>();
  const sectionOf = new Map<string, string>();
  const stories = data.stories.map((s, i): Story => {
    const id = `${s.event}-${i}`;
    eventOf.set(id, s.event);
    sectionOf.set(s.event, s.section);
    return article(id, s.headline, s.paragraphs, { source: { name: s.source }, publishedAt: s.publishedAt, origin: { file: "test/fixtures/topics/sections.json" } });
  });
  return { stories, eventOf, sectionOf };
}

function sectionOfTopic(result: ReturnType<typeof groupSections>, topicId: string): string {
  return result.sections.find((s) => s.topicIds.includes(topicId))!.label;
}

describe("sections of multi-source events", () => {
  const { stories, eventOf, sectionOf } = sectionStories();
  const result = groupSections(stories);

  it("group the stories of each event exactly, one topic per event", () => {
    expect(stories.length).toBeGreaterThanOrEqual(50);
    const perTopic = result.topics.map((t) => [...new Set(t.storyIds.map((id) => eventOf.get(id)!))]);
    expect(perTopic.every((events) => events.length === 1)).toBe(true);
    expect(result.topics.map((t) => t.storyIds.length)).toEqual(result.topics.map(() => 4));
    expect(perTopic.map((e) => e[0]).sort()).toEqual([...sectionOf.keys()].sort());
  });

  it("put each event in its section, named from the built-in vocabulary", () => {
    for (const topic of result.topics) {
      const event = eventOf.get(topic.storyIds[0]!)!;
      expect([event, sectionOfTopic(result, topic.id)]).toEqual([event, sectionOf.get(event)]);
    }
    for (const section of result.sections) expect(section.labelFrom).toBe("vocabulary");
  });

  it("name topics like headlines, never a pair of words", () => {
    for (const topic of result.topics) {
      expect(topic.label).not.toContain(" · ");
      expect(topic.label.split(" ").length).toBeGreaterThanOrEqual(3);
      expect(topic.label.split(" ").length).toBeLessThanOrEqual(12);
    }
    const named = (event: string): string => result.topics.find((t) => eventOf.get(t.storyIds[0]!) === event)!.label;
    expect(named("cannes")).toMatch(/Anora|Sean Baker|Palme/);
    expect(named("canada")).toMatch(/Carney|Liberal/);
  });
});

describe("two levels", () => {
  const { stories } = eventStories();
  const result = groupSections(stories);

  it("place every topic in exactly one section", () => {
    const placed = result.sections.flatMap((s) => s.topicIds);
    expect([...placed].sort()).toEqual(result.topics.map((t) => t.id).sort());
    expect(new Set(result.sections.map((s) => s.id)).size).toBe(result.sections.length);
  });

  it("give sections in digest order: by their first topic, each section's 'In brief' its last topic", () => {
    const firstTopic = result.sections.map((s) => result.topics.findIndex((t) => t.id === s.topicIds[0]));
    expect(firstTopic).toEqual([...firstTopic].sort((a, b) => a - b));
    for (const section of result.sections) {
      const positions = section.topicIds.map((id) => result.topics.findIndex((t) => t.id === id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    const inBrief = result.topics.filter((t) => t.label === IN_BRIEF);
    expect(inBrief.length).toBeGreaterThan(0);
    for (const topic of inBrief) {
      const section = result.sections.find((s) => s.topicIds.includes(topic.id))!;
      expect(section.label).not.toBe(IN_BRIEF);
      expect(section.topicIds.at(-1)).toBe(topic.id);
    }
  });

  it("gather events of one field into one section (a final and a tennis match: Sport)", () => {
    const sport = result.sections.find((s) => s.label === "Sport")!;
    const events = sport.topicIds.map((id) => result.topics.find((t) => t.id === id)!.storyIds[0]!.split("-")[0]);
    expect(events.sort()).toEqual(["final", "tennis"]);
  });

  it("make a small edition of one event a single section", () => {
    const one = groupSections(stories.filter((s) => s.id.startsWith("quake")));
    expect(one.sections).toHaveLength(1);
    expect(one.sections[0]!.label).toBe("Disaster, accident and emergency incident");
  });

  it("are the same whatever the order of the input", () => {
    for (const seed of [3, 11]) expect(groupSections(shuffled(stories, seed)).sections).toEqual(result.sections);
  });

  it("keep the names editors pin topics to", () => {
    const pinned = stories.map((s) => (s.id.startsWith("rates") ? { ...s, topic: "Your money" } : s));
    const grouped = groupSections(pinned);
    expect(grouped.topics.map((t) => t.label)).toContain("Your money");
  });
});

describe("sections named by the stories themselves", () => {
  const { stories } = eventStories();

  it("take the section most of a topic's stories give, ahead of the vocabulary", () => {
    const given = stories.map((s) => (s.id.startsWith("final") || s.id.startsWith("tennis") ? { ...s, section: "Football & more" } : s));
    given[given.findIndex((s) => s.id.startsWith("tennis"))] = { ...given.find((s) => s.id.startsWith("tennis"))!, section: " football  & MORE " };
    const result = groupSections(given);
    const own = result.sections.find((s) => s.label === "Football & more")!;
    expect(own.labelFrom).toBe("stories");
    expect(own.topicIds).toHaveLength(2);
    expect(result.sections.find((s) => s.label === "Sport")).toBeUndefined();
    // Topics whose stories give no section are still named from the vocabulary.
    expect(result.sections.find((s) => s.label === "Politics")?.labelFrom).toBe("vocabulary");
  });
});

describe("size", () => {
  /** Many tiny stories: a few words each from a small vocabulary, so every story resembles many others. */
  function tiny(count: number): Story[] {
    const words = ["market", "team", "vote", "film", "phone", "rain", "court", "school", "price", "match", "storm", "bank"];
    return Array.from({ length: count }, (_, k) =>
      article(`tiny-${k}`, `${words[k % 12]} ${words[(k * 7) % 12]} ${words[(k * 5 + 3) % 12]} update ${k}`, [`${words[(k * 3) % 12]} ${words[(k * 11 + 1) % 12]} report.`], {
        publishedAt: new Date(Date.UTC(2024, 0, 1) + k * 60_000).toISOString(),
      }),
    );
  }

  it("groups more than 10,000 stories without throwing", () => {
    const stories = tiny(10_050);
    const result = groupSections(stories);
    expect(result.warnings).toEqual([]);
    expect(result.topics.flatMap((t) => t.storyIds).length).toBe(result.stories.length);
    expect(result.sections.flatMap((s) => s.topicIds).length).toBe(result.topics.length);
  });

  it("keeps the newest stories of an oversized input, with a warning instead of an error", () => {
    const stories = tiny(300);
    const result = groupSections(stories, { maxStories: 200 });
    expect(result.warnings).toEqual([expect.stringMatching(/newest 200 of 300 stories; 100 older ones are left out/)]);
    const placed = new Set(result.topics.flatMap((t) => t.storyIds));
    expect(placed.has("tiny-299")).toBe(true);
    expect(placed.has("tiny-0")).toBe(false);
  });
});
