import { describe, expect, it } from "vitest";
import { contentWords, splitSentences, tokenize, wordCount } from "../../src/text/index.js";

describe("splitSentences", () => {
  it("splits on sentence ends and keeps abbreviations, initials and numbers together", () => {
    const text = 'Mr. Putin landed at 2.30 a.m. local time. Kim J. Un met him. "It is historic," he said. Is it? Yes!';
    expect(splitSentences(text)).toEqual([
      "Mr. Putin landed at 2.30 a.m. local time.",
      "Kim J. Un met him.",
      '"It is historic," he said.',
      "Is it?",
      "Yes!",
    ]);
  });

  it("keeps closing quotes with their sentence", () => {
    expect(splitSentences("He said “we will win.” Then he left.")).toEqual(["He said “we will win.”", "Then he left."]);
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences("  \n ")).toEqual([]);
  });

  // Once quadratic in the length of a run of abbreviations: 200 KB took seconds.
  it("keeps a 200 KB run of abbreviations in one sentence and still splits after it", () => {
    const run = "Mr. Smith said U.S. ".repeat(10_000);
    expect(run.length).toBe(200_000);
    expect(splitSentences(`${run}It ended. Then Dr. Jones left. Mr. Brown stayed.`)).toEqual([
      `${run}It ended.`,
      "Then Dr. Jones left.",
      "Mr. Brown stayed.",
    ]);
  });

  it("splits many short sentences with abbreviations in a long text", () => {
    const sentence = "Mr. Smith met Gen. Lee at 9 a.m. on Fifth St. in the U.S. capital.";
    const sentences = splitSentences(Array(5_000).fill(sentence).join(" "));
    expect(sentences).toHaveLength(5_000);
    expect(new Set(sentences)).toEqual(new Set([sentence]));
  });

  it("looks at the whole last word, however long, before calling it an abbreviation", () => {
    const long = `${"x".repeat(60)}mr.`;
    expect(splitSentences(`A ${long} Next one.`)).toEqual([`A ${long}`, "Next one."]);
    expect(splitSentences(`${"A long opening clause ".repeat(5)}said (Mr. Next one.`)).toEqual([
      `${"A long opening clause ".repeat(5)}said (Mr. Next one.`,
    ]);
  });
});

describe("tokens", () => {
  it("lower-cases, keeps inner apostrophes and drops punctuation", () => {
    expect(tokenize("Putin’s visit: North-Korea, 2024!")).toEqual(["putin's", "visit", "north-korea", "2024"]);
  });

  it("content words drop stop words and numbers", () => {
    expect(contentWords("The visit is all about Russian cash for 24 artillery shells")).toEqual([
      "visit", "russian", "cash", "artillery", "shells",
    ]);
  });

  it("counts words", () => {
    expect(wordCount("  one two\nthree ")).toBe(3);
    expect(wordCount("")).toBe(0);
  });
});
