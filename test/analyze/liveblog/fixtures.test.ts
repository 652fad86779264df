import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { condenseLiveBlog } from "../../../src/analyze/liveblog/index.js";
import { readPlainText } from "../../../src/ingest/plain-text/index.js";
import { contractProblems, opensWithDanglingPronoun } from "./helpers.js";

/**
 * The seed live blog and the fixtures under test/fixtures/liveblogs/, read
 * by the real plain-text reader, checked against
 * test/fixtures/liveblogs/expectations.json (the same file bench/summary.ts
 * reports on): facts covered, nothing stale, no promos or page noise
 * (credits, captions), repeated facts once, no point opening with a pronoun
 * that names nobody, and the points in story order.
 */
interface Expectation {
  facts: Record<string, string[]>;
  stale: string[];
  promo: string[];
  /** Credit lines, captions, alt lines, "read more" promos: page noise that is never a point. */
  noise?: string[];
  once: string[];
  /** Point openings (lower-case) that would leave a pronoun without its name. */
  dangling?: string[];
  /** Patterns in the order their points must come in (each the first point that matches). */
  order?: string[][];
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
const expectations = JSON.parse(readFileSync(`${root}test/fixtures/liveblogs/expectations.json`, "utf8")) as Record<
  string,
  Expectation | string
>;

for (const [file, expectation] of Object.entries(expectations)) {
  if (typeof expectation === "string") continue; // the "$comment"
  describe(file, () => {
    const outcome = readPlainText(readFileSync(`${root}${file}`, "utf8"), file);
    const story = outcome.stories[0]!;
    const summary = condenseLiveBlog(story);
    const texts = summary.keyPoints.map((point) => point.text.toLowerCase());

    it("is read as a live blog", () => {
      expect(outcome.errors).toEqual([]);
      expect(story.kind).toBe("liveblog");
      expect(story.posts?.length).toBeGreaterThan(10);
    });

    it("gives 4 to 7 extracted key points of at most 40 words, none repeating another", () => {
      expect(summary.keyPoints.length).toBeGreaterThanOrEqual(4);
      expect(summary.keyPoints.length).toBeLessThanOrEqual(7);
      expect(contractProblems(summary.keyPoints, story.posts!)).toEqual([]);
    });

    for (const [fact, patterns] of Object.entries(expectation.facts)) {
      it(`covers: ${fact}`, () => {
        expect(texts.some((text) => patterns.some((pattern) => text.includes(pattern.toLowerCase())))).toBe(true);
      });
    }

    it("says nothing that newer posts superseded", () => {
      expect(expectation.stale.filter((pattern) => texts.some((text) => text.includes(pattern.toLowerCase())))).toEqual([]);
    });

    it("carries no promo or housekeeping", () => {
      expect(expectation.promo.filter((pattern) => texts.some((text) => text.includes(pattern.toLowerCase())))).toEqual([]);
    });

    it("carries no credit line, caption or other page noise", () => {
      const noise = expectation.noise ?? [];
      expect(noise.filter((pattern) => texts.some((text) => text.includes(pattern.toLowerCase())))).toEqual([]);
    });

    it("opens no point with a pronoun whose name is elsewhere", () => {
      expect(summary.keyPoints.filter((point) => opensWithDanglingPronoun(point.text)).map((point) => point.text)).toEqual([]);
      const dangling = expectation.dangling ?? [];
      expect(dangling.filter((opening) => texts.some((text) => text.startsWith(opening.toLowerCase())))).toEqual([]);
    });

    for (const sequence of expectation.order ?? []) {
      it(`tells in order: ${sequence.join(" -> ")}`, () => {
        const at = sequence.map((pattern) => texts.findIndex((text) => text.includes(pattern.toLowerCase())));
        expect(at.every((index) => index >= 0), `all of ${sequence.join(", ")} in ${JSON.stringify(texts)}`).toBe(true);
        for (let i = 1; i < at.length; i++) expect(at[i - 1], `${sequence[i - 1]} before ${sequence[i]}`).toBeLessThan(at[i]!);
      });
    }

    it("carries each repeated fact at most once", () => {
      for (const pattern of expectation.once) {
        expect(texts.filter((text) => text.includes(pattern.toLowerCase())).length, pattern).toBeLessThanOrEqual(1);
      }
    });

    it("has a one-line headline summary that is no promo", () => {
      expect(summary.headline.length).toBeGreaterThan(10);
      expect(summary.headline).not.toMatch(/\n/);
      expect(expectation.promo.some((pattern) => summary.headline.toLowerCase().includes(pattern))).toBe(false);
    });
  });
}
