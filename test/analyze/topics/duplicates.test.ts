import { describe, expect, it } from "vitest";
import { groupTopics } from "../../../src/analyze/topics/index.js";
import type { Story } from "../../../src/model.js";
import { article, eventStories, topicOf } from "./helpers.js";

const { stories: events, eventOf } = eventStories();
const byEvent = (event: string): Story[] => events.filter((s) => eventOf.get(s.id) === event);
const [rates1, rates2, rates3] = byEvent("rates") as [Story, Story, Story];

describe("near-duplicate merging", () => {
  it("merges stories whose headlines match up to case and punctuation, keeping the richer text and every source", () => {
    const short: Story = { ...rates1, id: "wire-copy", source: { name: "Wire Service" }, headline: "BANK OF ENGLAND raises interest rates to 5.25% -- as inflation stays high!", paragraphs: [rates1.paragraphs[0]!] };
    const { stories, topics } = groupTopics([short, rates1, rates2, rates3]);
    expect(stories.map((s) => s.id).sort()).toEqual([rates1.id, rates2.id, rates3.id].sort());
    const merged = stories.find((s) => s.id === rates1.id)!;
    expect(merged.paragraphs).toEqual(rates1.paragraphs);
    expect(merged.alsoFrom?.map((s) => s.name)).toEqual(["Reuters", "Wire Service"]);
    expect(topics.flatMap((t) => t.storyIds)).not.toContain("wire-copy");
    expect(topicOf(topics, rates1.id)!.storyIds).toHaveLength(3);
  });

  it("merges near-identical texts under different headlines", () => {
    const rewritten: Story = {
      ...rates2,
      id: "regional-copy",
      source: { name: "Regional Daily" },
      headline: "Mortgage bills to go up again after rate rise",
      paragraphs: [...rates2.paragraphs.slice(0, -1), rates2.paragraphs[rates2.paragraphs.length - 1]!.replace("Andrew Bailey", "Mr Bailey"), "Reporting by our business desk."],
    };
    const { stories } = groupTopics([rates1, rates2, rewritten]);
    expect(stories).toHaveLength(2);
    const kept = stories.find((s) => s.alsoFrom !== undefined)!;
    // The copy has one sentence more, so its text is the richer one.
    expect(kept.id).toBe("regional-copy");
    expect(kept.alsoFrom!.map((s) => s.name).sort()).toEqual(["BBC News", "Regional Daily"]);
  });

  it("merges every copy of a story into one, however many feeds carried it", () => {
    const copies = ["Feed A", "Feed B", "Feed C"].map((name, i): Story => ({ ...rates3, id: `copy-${i}`, source: { name }, headline: rates3.headline.toUpperCase() }));
    const { stories } = groupTopics([rates3, ...copies]);
    expect(stories).toHaveLength(1);
    expect(stories[0]!.alsoFrom!.map((s) => s.name).sort()).toEqual(["Feed A", "Feed B", "Feed C", "The Guardian"]);
  });

  it("merges an update from the same outlet without listing the outlet twice", () => {
    const update: Story = { ...rates1, id: "reuters-update", paragraphs: [...rates1.paragraphs, "Sterling rose after the decision."] };
    const { stories } = groupTopics([rates1, update]);
    expect(stories).toHaveLength(1);
    expect(stories[0]!.id).toBe("reuters-update");
    expect(stories[0]!.alsoFrom).toBeUndefined();
  });

  it("keeps apart different stories that share a short, generic headline", () => {
    const weatherA = article("weather-a", "Weather", ["Heavy rain will spread across Scotland tonight, with flood warnings in the Highlands."], { source: { name: "Paper A" } });
    const weatherB = article("weather-b", "Weather", ["A heatwave is forecast for southern Spain, with temperatures above 40C in Seville."], { source: { name: "Paper B" } });
    expect(groupTopics([weatherA, weatherB]).stories).toHaveLength(2);
  });

  it("never merges an article with a live blog", () => {
    const blog: Story = { ...rates1, id: "rates-live", kind: "liveblog", posts: [{ index: 0, title: "Rates decision", paragraphs: rates1.paragraphs, bullets: [], captions: [], quotes: [] }] };
    expect(groupTopics([rates1, blog]).stories).toHaveLength(2);
  });

  it("keeps an editor's pin from any copy", () => {
    const pinnedCopy: Story = { ...rates1, id: "pinned-copy", source: { name: "Wire Service" }, paragraphs: [rates1.paragraphs[0]!], topic: "Money" };
    const { stories, topics } = groupTopics([rates1, pinnedCopy]);
    expect(stories).toHaveLength(1);
    expect(stories[0]!.id).toBe(rates1.id);
    expect(stories[0]!.topic).toBe("Money");
    expect(topics.map((t) => t.label)).toEqual(["Money"]);
  });

  it("treats stories with the same id as one story, so no id is placed twice", () => {
    const again: Story = { ...rates2, headline: "A different headline for the same id", paragraphs: ["Completely different text about football."] };
    const { stories, topics } = groupTopics([rates1, rates2, again, rates3]);
    expect(stories.map((s) => s.id).sort()).toEqual([rates1.id, rates2.id, rates3.id].sort());
    expect(topics.flatMap((t) => t.storyIds).filter((id) => id === rates2.id)).toHaveLength(1);
  });

  it("returns the merged stories in input order", () => {
    const copy: Story = { ...rates3, id: "copy", source: { name: "Feed" }, headline: rates3.headline.toLowerCase(), paragraphs: [rates3.paragraphs[0]!] };
    const quake = byEvent("quake");
    const { stories } = groupTopics([quake[2]!, copy, quake[0]!, rates3, quake[1]!]);
    expect(stories.map((s) => s.id)).toEqual([quake[2]!.id, rates3.id, quake[0]!.id, quake[1]!.id]);
  });

  it("leaves distinct reports on one event unmerged", () => {
    const { stories } = groupTopics(byEvent("quake"));
    expect(stories).toHaveLength(3);
    expect(stories.every((s) => s.alsoFrom === undefined)).toBe(true);
  });
});
