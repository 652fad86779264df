import { describe, expect, it } from "vitest";
import { contentWords, splitSentences, tokenize, wordCount } from "../src/analyze/text.js";

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
