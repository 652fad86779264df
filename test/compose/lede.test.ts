import { describe, expect, it } from "vitest";
import { ledeOf, MAX_LEDE_WORDS } from "../../src/compose/lede.js";
import { article } from "../fixtures/edition/stories.js";

describe("ledeOf", () => {
  it("takes the first sentence when it says enough", () => {
    const story = article({
      id: "a",
      paragraphs: [
        "Videos of Russian President Vladimir Putin's first visit to North Korea in 24 years appear to show the leader looking bored. Social media users noticed.",
      ],
    });
    expect(ledeOf(story)).toBe("Videos of Russian President Vladimir Putin's first visit to North Korea in 24 years appear to show the leader looking bored.");
  });

  it("adds the second sentence when the first is short", () => {
    const story = article({ id: "a", paragraphs: ["Putin has landed. He is in Pyongyang for talks with Kim Jong Un on a new treaty. More follows."] });
    expect(ledeOf(story)).toBe("Putin has landed. He is in Pyongyang for talks with Kim Jong Un on a new treaty.");
  });

  it("prefers the story's own summary", () => {
    const story = article({ id: "a", summary: "The summary says what the story is about, in one sentence of plain words.", paragraphs: ["Body text that is long enough to be a paragraph of prose here."] });
    expect(ledeOf(story)).toBe("The summary says what the story is about, in one sentence of plain words.");
  });

  it("skips captions and credits shorter than a sentence of prose", () => {
    const story = article({ id: "a", paragraphs: ["Getty Images", "Kim Jong Un met Vladimir Putin on the tarmac at Pyongyang airport before dawn on Wednesday."] });
    expect(ledeOf(story)).toBe("Kim Jong Un met Vladimir Putin on the tarmac at Pyongyang airport before dawn on Wednesday.");
  });

  it("caps a run-on sentence at the word limit with an ellipsis", () => {
    const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ") + ".";
    const lede = ledeOf(article({ id: "a", paragraphs: [long] }))!;
    expect(lede.split(" ")).toHaveLength(MAX_LEDE_WORDS);
    expect(lede.endsWith("…")).toBe(true);
  });

  it("is null when there is no text", () => {
    expect(ledeOf(article({ id: "a", paragraphs: [] }))).toBeNull();
  });
});
