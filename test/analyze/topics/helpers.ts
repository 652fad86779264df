import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Story, Topic } from "../../../src/model.js";

interface FixtureStory {
  event: string;
  source: string;
  headline: string;
  publishedAt: string;
  paragraphs: string[];
}

/** The hand-written event stories of test/fixtures/topics/events.json, with the event each belongs to. */
export function eventStories(): { stories: Story[]; eventOf: Map<string, string> } {
  const path = fileURLToPath(new URL("../../fixtures/topics/events.json", import.meta.url));
  const data = JSON.parse(readFileSync(path, "utf8")) as { stories: FixtureStory[] };
  const eventOf = new Map<string, string>();
  const stories = data.stories.map((s, i): Story => {
    const id = `${s.event}-${i}`;
    eventOf.set(id, s.event);
    return {
      id,
      kind: "article",
      source: { name: s.source },
      headline: s.headline,
      publishedAt: s.publishedAt,
      paragraphs: s.paragraphs,
      captions: [],
      origin: { file: "test/fixtures/topics/events.json" },
    };
  });
  return { stories, eventOf };
}

/** A minimal article. */
export function article(id: string, headline: string, paragraphs: string[], extra: Partial<Story> = {}): Story {
  return { id, kind: "article", source: { name: "Test Wire" }, headline, paragraphs, captions: [], origin: { file: `${id}.txt` }, ...extra };
}

/** The topic holding a story id. */
export function topicOf(topics: Topic[], id: string): Topic | undefined {
  return topics.find((t) => t.storyIds.includes(id));
}

/** Deterministic shuffle (a fixed linear congruential sequence), for order-independence checks. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
