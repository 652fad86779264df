import type { ReadOutcome } from "../reader.js";
import { storyId } from "../story-id.js";

// PLACEHOLDER (issue 2 replaces it): first line is the headline, the rest paragraphs.
export function readPlainText(text: string, file: string): ReadOutcome {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const [headline, ...paragraphs] = lines;
  if (headline === undefined) return { stories: [], errors: [{ file, message: "empty file: expected a story" }] };
  const source = { name: "Unknown" };
  return {
    stories: [{ id: storyId(source.name, undefined, headline), kind: "article", source, headline, paragraphs, captions: [], origin: { file, line: 1 } }],
    errors: [],
  };
}
