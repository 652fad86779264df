import { describe, expect, it } from "vitest";
import { resolveEntities } from "../../../src/analyze/topics/entities.js";
import { ScanContext, scanParts, type StoryScan } from "../../../src/analyze/topics/scan.js";
import type { TermCounts } from "../../../src/analyze/topics/term-index.js";
import { isTitleCase, normalizeTerm, type TextPart } from "../../../src/analyze/topics/terms.js";

const body = (text: string): TextPart => ({ text, weight: 1, names: true });

function scanRaw(texts: string[], context: ScanContext): StoryScan {
  return scanParts(texts.map(body), context);
}

/** A scan with names spelled out. */
function scan(texts: string[], context = new ScanContext()) {
  const result = scanRaw(texts, context);
  const spelled = ({ ids, counts }: TermCounts): Map<string, number> => new Map([...ids].map((id, k) => [context.spelling(id), counts[k]!]));
  return { ...result, names: spelled(result.names), sentenceInitial: spelled(result.sentenceInitial) };
}

describe("names found by capitalisation", () => {
  it("reads runs of capitalised words inside sentences as names, without titles or leading words", () => {
    const { names } = scan([
      "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang on Wednesday. The Bank of England was not mentioned.",
    ]);
    expect([...names.keys()].sort()).toEqual(["Bank of England", "Kim Jong Un", "North Korean", "Pyongyang", "Vladimir Putin"]);
  });

  it("keeps a word that opens a sentence aside, since its capital proves nothing", () => {
    const result = scan(["Analysts said the move was expected. Putin arrived late."]);
    expect(result.names.size).toBe(0);
    expect([...result.sentenceInitial.keys()].sort()).toEqual(["Analysts", "Putin"]);
  });

  it("drops possessives and ends a name at one", () => {
    const { names } = scan(["It was Putin's first visit. It follows Russia's Foreign Ministry statement."]);
    expect([...names.keys()].sort()).toEqual(["Foreign Ministry", "Putin", "Russia"]);
  });

  it("joins names written with an ampersand and keeps hyphenated names whole", () => {
    const { names } = scan(["Shares in Harlow & Pike fell as Kim Jong-un spoke."]);
    expect([...names.keys()].sort()).toEqual(["Harlow & Pike", "Kim Jong-un"]);
  });

  it("does not collect names from title-case headlines", () => {
    expect(isTitleCase("Putin Caught Looking 'Bored' in North Korea Visit Videos")).toBe(true);
    expect(isTitleCase("Putin caught looking bored in North Korea")).toBe(false);
    const { names, sentenceInitial } = scanParts([{ text: "Putin Caught Looking Bored", weight: 2, names: false }], new ScanContext());
    expect(names.ids.length + sentenceInitial.ids.length).toBe(0);
  });

  it("counts a multi-word name as a term of its own, besides its words", () => {
    const context = new ScanContext();
    const { terms } = scan(["The Bank of England raised rates."], context);
    const words = [...terms.ids].map((id) => context.index.terms[id]);
    expect(words).toEqual(expect.arrayContaining(["bank of england", "bank", "england", "raised", "rate"]));
  });
});

describe("entities over the whole input", () => {
  function entitiesOf(stories: string[][], sources: string[] = []) {
    const context = new ScanContext();
    const scans = stories.map((texts) => scanRaw(texts, context));
    return resolveEntities(scans, context, sources);
  }

  it("folds a full name into the surname reporters use after the first mention", () => {
    const index = entitiesOf([["Russian President Vladimir Putin landed. Crowds greeted Putin as Putin waved."]]);
    expect([...index.perStory[0]!.keys()]).toContain("putin");
    expect(index.perStory[0]!.has("vladimir putin")).toBe(false);
    expect(index.perStory[0]!.get("putin")).toBe(3);
    expect(index.display.get("putin")).toBe("Putin");
  });

  it("folds a nationality into its country, but keeps institutions whole", () => {
    const index = entitiesOf([["Officials in North Korea said North Korean troops and the Bank of England and England fans..."]]);
    const keys = [...index.perStory[0]!.keys()];
    expect(keys).toContain("north korea");
    expect(keys).not.toContain("north korean");
    expect(index.perStory[0]!.get("north korea")).toBe(2);
    expect(keys).toEqual(expect.arrayContaining(["bank of england", "england"]));
  });

  it("accepts a sentence-opening word only if the input also capitalises it inside sentences", () => {
    const index = entitiesOf([["Analysts expect a cut. Wilders won. Voters backed Wilders."], ["Later the analysts changed their minds."]]);
    const keys = [...index.perStory[0]!.keys()];
    expect(keys).toContain("wilders");
    expect(index.perStory[0]!.get("wilders")).toBe(2);
    expect(keys).not.toContain("analysts");
  });

  it("rejects words the input writes in lower case more often than capitalised", () => {
    const index = entitiesOf([["The Government said so. The government, the government and the government agreed."]]);
    expect(index.perStory[0]!.has("government")).toBe(false);
  });

  it("leaves out the publications' own names", () => {
    const index = entitiesOf([["A spokesman told the BBC that the BBC would report from Kyiv."]], ["BBC News"]);
    expect([...index.perStory[0]!.keys()]).toEqual(["kyiv"]);
  });

  it("counts the stories that name each entity", () => {
    const index = entitiesOf([["It was in Paris."], ["Crowds in Paris."], ["Rain in Oslo."]]);
    expect(index.storyCount.get("paris")).toBe(2);
    expect(index.storyCount.get("oslo")).toBe(1);
  });
});

describe("term normalisation", () => {
  it("folds possessives and regular plurals and leaves other endings alone", () => {
    expect(["elections", "companies", "putin's", "glasses", "news", "analysis", "virus", "economics", "bus"].map(normalizeTerm)).toEqual([
      "election", "company", "putin", "glass", "news", "analysis", "virus", "economics", "bus",
    ]);
  });
});
