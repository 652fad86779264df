// Sections, names and "nothing silently dropped": what the issue of the crowded day asked.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { composeDigest, type ComposeInput } from "../../src/compose/index.js";
import { defaultConfig, type Config } from "../../src/config/load.js";
import type { Digest, Section, Story } from "../../src/model.js";
import { analysis, article, liveBlog, topic } from "../fixtures/edition/stories.js";

const NOW = new Date("2024-06-20T10:00:00Z");

function config(change: (c: Config) => void = () => {}): Config {
  const c = defaultConfig();
  change(c);
  return c;
}

function section(id: string, label: string, topicIds: string[]): Section {
  return { id, label, labelFrom: "stories", topicIds };
}

/** Every story id the digest names, with where: shown in a topic, listed, or held back. */
function placements(digest: Digest): string[] {
  return [
    ...digest.sections.flatMap((s) => s.topics.flatMap((t) => t.stories.map((story) => story.id))),
    ...digest.sections.flatMap((s) => s.more.map((story) => story.id)),
    ...digest.heldBack.map((story) => story.id),
  ];
}

describe("the subject", () => {
  it("names the lead story, not the newsletter and the lead topic's label", () => {
    const stories = [article({ id: "g", headline: "Home side win the final in extra time" }), article({ id: "w" })];
    const digest = composeDigest(analysis(stories, [topic("t", "Game · Win", ["g", "w"])]), { config: config(), now: NOW });
    expect(digest.subject).toBe("Home side win the final in extra time");
    expect(digest.subject).not.toContain("News Digest");
    expect(digest.subject).not.toContain("·");
  });

  it("cuts a long headline at a word, and names the date when the edition is empty", () => {
    const long = "Council ".repeat(40).trim();
    const digest = composeDigest(analysis([article({ id: "a", headline: long })], [topic("t", "T", ["a"])]), { config: config(), now: NOW });
    expect(digest.subject.length).toBeLessThanOrEqual(120);
    expect(digest.subject.endsWith("…")).toBe(true);
    expect(composeDigest(analysis([], []), { config: config(), now: NOW }).subject).toBe("News Digest, Thursday 20 June 2024");
  });
});

describe("sections", () => {
  const stories = ["a", "b", "c", "d", "e"].map((id) => article({ id, url: `https://example.com/${id}` }));
  const topics = [topic("t1", "Cup final", ["a", "b"]), topic("t2", "Budget", ["c", "d"]), topic("t3", "Derby", ["e"])];

  it("without sections from the analysis, puts every topic in one section", () => {
    const digest = composeDigest(analysis(stories, topics), { config: config(), now: NOW });
    expect(digest.sections).toHaveLength(1);
    expect(digest.sectioned).toBe(false);
    expect(digest.sections[0]!.topics.map((t) => t.id)).toEqual(["t1", "t2", "t3"]);
    expect(digest.sections[0]!.label).toBe("Top stories");
    expect(digest.topics).toEqual(digest.sections[0]!.topics);
    // One topic: the section is named after it.
    const one = composeDigest(analysis(stories.slice(0, 2), topics.slice(0, 1)), { config: config(), now: NOW });
    expect(one.sections[0]!.label).toBe("Cup final");
  });

  it("groups topics into the analysis' sections, in section order, with anchors unique across sections and topics", () => {
    const input: ComposeInput = {
      ...analysis(stories, topics),
      sections: [section("sport", "Sport", ["t1", "t3"]), section("politics", "Politics", ["t2"])],
    };
    const digest = composeDigest(input, { config: config(), now: NOW });
    expect(digest.sectioned).toBe(true);
    expect(digest.sections.map((s) => [s.label, s.topics.map((t) => t.id)])).toEqual([
      ["Sport", ["t1", "t3"]],
      ["Politics", ["t2"]],
    ]);
    // `topics` follows the sections: digest order.
    expect(digest.topics.map((t) => t.id)).toEqual(["t1", "t3", "t2"]);
    const anchors = [...digest.sections.map((s) => s.anchor), ...digest.topics.map((t) => t.anchor)];
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(digest.sections[0]!.anchor).toBe("section-sport");
    expect(digest.counts.sections).toBe(2);
  });

  it("keeps a topic that no section names, in a section of its own", () => {
    const input: ComposeInput = { ...analysis(stories, topics), sections: [section("sport", "Sport", ["t1"])] };
    const digest = composeDigest(input, { config: config(), now: NOW });
    expect(digest.sections.map((s) => s.label)).toEqual(["Sport", "Other stories"]);
    expect(placements(digest).sort()).toEqual(["a", "b", "c", "d", "e"]);
  });
});

describe("stories that do not fit", () => {
  it("are listed under their section's More, by headline, link (http(s) only) and source", () => {
    const stories = [
      article({ id: "a" }),
      article({ id: "b", url: "https://example.com/b", headline: "Second in topic" }),
      article({ id: "c", url: "javascript:alert(1)", headline: "Script link" }),
      article({ id: "d", headline: "No link", source: { name: "" } }),
      article({ id: "e", headline: "Topic past maxTopics", url: "https://example.com/e" }),
    ];
    const input: ComposeInput = {
      ...analysis(stories, [topic("t1", "One", ["a", "b", "c", "d"]), topic("t2", "Two", ["e"])]),
      sections: [section("s1", "News", ["t1"]), section("s2", "Sport", ["t2"])],
    };
    const digest = composeDigest(input, {
      config: config((c) => {
        c.limits.maxTopics = 1;
        c.limits.storiesPerTopic = 1;
        c.utm.enabled = false;
      }),
      now: NOW,
    });
    expect(digest.topics.map((t) => t.id)).toEqual(["t1"]);
    expect(digest.sections[0]!.more).toEqual([
      { id: "b", headline: "Second in topic", url: "https://example.com/b", source: "Newsweek" },
      { id: "c", headline: "Script link", url: null, source: "Newsweek" },
      { id: "d", headline: "No link", url: null, source: "" },
    ]);
    expect(digest.sections[0]!.topics[0]!.moreCount).toBe(3);
    // A section whose topics were all cut still lists them.
    expect(digest.sections[1]).toMatchObject({ label: "Sport", topics: [], more: [{ id: "e", headline: "Topic past maxTopics" }] });
    expect(digest.counts).toMatchObject({ topics: 1, stories: 1, listed: 4, heldBack: 0 });
  });

  it("are held back, not dropped, past the lists' size budget, and a full digest shows every story", () => {
    const stories = Array.from({ length: 30 }, (_, i) => article({ id: `s${i}`, url: `https://example.com/${"x".repeat(500)}/${i}` }));
    const a = analysis(stories, [topic("t", "All", stories.map((s) => s.id))]);
    const digest = composeDigest(a, { config: config(), now: NOW, listBudget: 5_000 });
    expect(digest.heldBack.length).toBeGreaterThan(0);
    expect(digest.sections[0]!.more.length).toBeGreaterThan(0);
    expect(placements(digest).sort()).toEqual(stories.map((s) => s.id).sort());
    // Held back are the last in digest order: the lists stay in order.
    expect(digest.heldBack.at(-1)!.id).toBe("s29");

    const full = composeDigest(a, { config: config(), now: NOW, full: true });
    expect(full.full).toBe(true);
    expect(full.topics[0]!.stories).toHaveLength(30);
    expect(full.sections[0]!.more).toEqual([]);
    expect(full.heldBack).toEqual([]);
  });

  it("gives In brief the places that maxTopics leaves, a topic's worth each", () => {
    const brief = Array.from({ length: 12 }, (_, i) => article({ id: `b${i}` }));
    const stories = [article({ id: "x" }), article({ id: "y" }), ...brief];
    const topics = [topic("t1", "One", ["x"]), topic("t2", "Two", ["y"]), topic("in-brief", "In brief", brief.map((s) => s.id))];
    const shownInBrief = (maxTopics: number) =>
      composeDigest(analysis(stories, topics), {
        config: config((c) => {
          c.limits.maxTopics = maxTopics;
          c.limits.storiesPerTopic = 3;
        }),
        now: NOW,
      }).topics.find((t) => t.label === "In brief")?.stories.length;
    expect(shownInBrief(3)).toBe(3); // no room left: its own three
    expect(shownInBrief(4)).toBe(6); // one topic's room more
    expect(shownInBrief(6)).toBe(12); // room for all
  });

  it("property: every story appears exactly once, shown in a topic or listed under its section", () => {
    const scenario = fc.record({
      topicSizes: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 0, maxLength: 9 }),
      sectionOf: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
      withSections: fc.boolean(),
      inBrief: fc.boolean(),
      maxTopics: fc.integer({ min: 1, max: 8 }),
      storiesPerTopic: fc.integer({ min: 1, max: 5 }),
      liveAt: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(scenario, (s) => {
        let n = 0;
        const stories: Story[] = [];
        const topics = s.topicSizes.map((size, k) => {
          const ids = Array.from({ length: size }, () => `s${n++}`);
          for (const id of ids) stories.push(n === s.liveAt ? liveBlog({ id }) : article({ id, url: `https://example.com/${id}` }));
          const last = k === s.topicSizes.length - 1;
          return topic(`t${k}`, last && s.inBrief ? "In brief" : `Topic ${k}`, ids);
        });
        const sections = s.withSections
          ? [0, 1, 2, 3].map((j) => section(`s${j}`, `Section ${j}`, topics.filter((_, k) => s.sectionOf[k] === j).map((t) => t.id)))
          : undefined;
        const digest = composeDigest(
          { ...analysis(stories, topics), sections },
          {
            config: config((c) => {
              c.limits.maxTopics = s.maxTopics;
              c.limits.storiesPerTopic = s.storiesPerTopic;
            }),
            now: NOW,
          },
        );
        const seen = placements(digest);
        expect(digest.heldBack).toEqual([]); // a few dozen stories fit the lists' budget
        expect(seen.sort()).toEqual(stories.map((story) => story.id).sort());
        expect(digest.topics.length).toBeLessThanOrEqual(s.maxTopics);
        for (const section of digest.sections) expect(section.topics.length + section.more.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
